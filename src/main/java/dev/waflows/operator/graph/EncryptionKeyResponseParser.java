package dev.waflows.operator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the 2xx answers of the {@code whatsapp_business_encryption} edge. Pure. An answer that is
 * not what Graph documents is {@link GraphErrorReason#GraphUnavailable} (a proxy or an outage
 * answering in Graph's place), never "no key": that would make the reconciler POST on garbage.
 */
final class EncryptionKeyResponseParser {

  static final String KEY_FIELD = "business_public_key";
  static final String STATUS_FIELD = "business_public_key_signature_status";

  private static final ObjectMapper JSON = new ObjectMapper();

  private EncryptionKeyResponseParser() {}

  /**
   * The stored key from a GET answer, flat ({@code {"business_public_key": …}}) or wrapped ({@code
   * {"data": [{…}]}}). A missing or blank key, an empty {@code data} list or a missing or unknown
   * status are {@link StoredKey#none()}.
   */
  static StoredKey parseStoredKey(String body) throws GraphApiException {
    JsonNode root = readObject(body);
    JsonNode entry = root;
    JsonNode data = root.get("data");
    if (data != null && !data.isNull()) {
      if (data.isArray()) {
        if (data.isEmpty()) {
          return StoredKey.none();
        }
        entry = data.get(0);
      } else {
        entry = data;
      }
      if (!entry.isObject()) {
        throw malformed("its \"data\" entry is not an object");
      }
    }
    Optional<String> key = text(entry.get(KEY_FIELD)).map(String::strip).filter(k -> !k.isEmpty());
    Optional<SignatureStatus> status =
        text(entry.get(STATUS_FIELD)).flatMap(SignatureStatus::parse);
    if (key.isEmpty() || status.isEmpty()) {
      return StoredKey.none();
    }
    return new StoredKey(key, status);
  }

  /** Accepts only {@code {"success": true}} (as a JSON boolean). */
  static void confirmRegistered(String body) throws GraphApiException {
    JsonNode success = readObject(body).get("success");
    if (success == null || !success.isBoolean()) {
      throw malformed("it has no boolean \"success\"");
    }
    if (!success.booleanValue()) {
      throw new GraphApiException(
          GraphErrorReason.GraphUnavailable,
          "Graph API did not confirm the registration (\"success\": false)");
    }
  }

  private static JsonNode readObject(String body) throws GraphApiException {
    if (body == null || body.isBlank()) {
      throw malformed("it is empty");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw malformed("it is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw malformed("it is not a JSON object");
    }
    return root;
  }

  private static Optional<String> text(JsonNode node) {
    return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
  }

  private static GraphApiException malformed(String why) {
    return new GraphApiException(
        GraphErrorReason.GraphUnavailable,
        "Graph API answered 2xx with an unexpected body: " + why);
  }
}
