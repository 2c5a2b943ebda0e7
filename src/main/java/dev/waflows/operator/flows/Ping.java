package dev.waflows.operator.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Meta's health check of a Flows endpoint: the request {@code {"version":"3.0","action":"ping"}},
 * answered (sealed like any answer) with {@code {"data":{"status":"active"}}}.
 */
public final class Ping {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST = "{\"version\":\"3.0\",\"action\":\"ping\"}";
  private static final String ANSWER = "{\"data\":{\"status\":\"active\"}}";

  private Ping() {}

  /** The ping request's plaintext JSON, as a client sends it before sealing. */
  public static byte[] request() {
    return REQUEST.getBytes(StandardCharsets.UTF_8);
  }

  /** The plaintext answer of an endpoint that is up. */
  public static byte[] activeAnswer() {
    return ANSWER.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether a decrypted request is a ping ({@code "action": "ping"}). Total: junk is false. */
  public static boolean isPing(byte[] requestJson) {
    JsonNode action = read(requestJson).path("action");
    return action.isTextual() && action.textValue().equals("ping");
  }

  /** Whether a decrypted answer says the endpoint is up ({@code data.status == "active"}). */
  public static boolean isActive(byte[] answerJson) {
    JsonNode status = read(answerJson).path("data").path("status");
    return status.isTextual() && status.textValue().equals("active");
  }

  private static JsonNode read(byte[] json) {
    try {
      JsonNode node = json == null ? null : JSON.readTree(json);
      return node == null ? JSON.missingNode() : node;
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }
}
