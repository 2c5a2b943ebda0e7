package dev.waflows.operator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Graph's error body {@code {"error":{"message","type","code","error_subcode","fbtrace_id",
 * "is_transient"}}}, as far as it was present. Values are raw: redaction happens where a message is
 * built.
 */
record GraphError(
    String message,
    String type,
    Integer code,
    Integer subcode,
    String fbtraceId,
    boolean isTransient) {

  private static final ObjectMapper JSON = new ObjectMapper();
  // Trace ids are short base64-ish strings; anything else is not echoed into messages.
  private static final Pattern TRACE_ID = Pattern.compile("[A-Za-z0-9_+/=-]{1,64}");

  /** The error in {@code body}, or empty when the body is not JSON or has no error object. */
  static Optional<GraphError> parse(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode error = root == null ? null : root.get("error");
    if (error == null || !error.isObject()) {
      return Optional.empty();
    }
    String trace = text(error.get("fbtrace_id"));
    return Optional.of(
        new GraphError(
            text(error.get("message")),
            text(error.get("type")),
            integer(error.get("code")),
            integer(error.get("error_subcode")),
            trace != null && TRACE_ID.matcher(trace).matches() ? trace : null,
            bool(error.get("is_transient"))));
  }

  private static String text(JsonNode node) {
    return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
  }

  // Graph sends numbers, but some proxies and older versions send them as strings.
  private static Integer integer(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return node.intValue();
    }
    if (node.isTextual()) {
      try {
        return Integer.valueOf(node.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static boolean bool(JsonNode node) {
    return node != null
        && (node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(node.asText()));
  }
}
