package dev.waflows.operator.flows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The body a WhatsApp client POSTs to a Flows endpoint: {@code {"encrypted_flow_data",
 * "encrypted_aes_key", "initial_vector"}}, each base64 (standard alphabet). The three values are
 * ciphertext or a public IV, so printing them reveals nothing.
 *
 * @param encryptedFlowData AES-128-GCM ciphertext of the request JSON, the 16-byte tag appended
 * @param encryptedAesKey the request's AES-128 key, wrapped with RSA-OAEP-SHA256/MGF1-SHA256
 * @param initialVector the GCM IV (16 bytes when a WhatsApp client made it)
 */
public record EncryptedRequest(
    String encryptedFlowData, String encryptedAesKey, String initialVector) {

  static final String FLOW_DATA = "encrypted_flow_data";
  static final String AES_KEY = "encrypted_aes_key";
  static final String IV = "initial_vector";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public EncryptedRequest {
    Objects.requireNonNull(encryptedFlowData, FLOW_DATA);
    Objects.requireNonNull(encryptedAesKey, AES_KEY);
    Objects.requireNonNull(initialVector, IV);
  }

  /**
   * Reads a request body. Strict about the three fields (present, JSON strings, non-empty base64);
   * other fields are ignored, as Meta may add some.
   *
   * @throws MalformedRequestException if the body is not such an object
   */
  public static EncryptedRequest parse(byte[] json) throws MalformedRequestException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedRequestException("the body is not JSON");
    } catch (IOException e) {
      throw new MalformedRequestException("the body cannot be read as JSON");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedRequestException("the body is not a JSON object");
    }
    return new EncryptedRequest(
        base64Field(root, FLOW_DATA), base64Field(root, AES_KEY), base64Field(root, IV));
  }

  /** The body as a client sends it. */
  public byte[] toJson() {
    ObjectNode body = JSON.createObjectNode();
    body.put(FLOW_DATA, encryptedFlowData);
    body.put(AES_KEY, encryptedAesKey);
    body.put(IV, initialVector);
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  byte[] flowData() {
    return Base64.getDecoder().decode(encryptedFlowData);
  }

  byte[] aesKey() {
    return Base64.getDecoder().decode(encryptedAesKey);
  }

  byte[] iv() {
    return Base64.getDecoder().decode(initialVector);
  }

  private static String base64Field(JsonNode root, String name) throws MalformedRequestException {
    JsonNode value = root.get(name);
    if (value == null) {
      throw new MalformedRequestException("the body has no \"" + name + "\"");
    }
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw new MalformedRequestException("\"" + name + "\" is not a non-empty string");
    }
    try {
      Base64.getDecoder().decode(value.textValue());
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException("\"" + name + "\" is not base64");
    }
    return value.textValue();
  }
}
