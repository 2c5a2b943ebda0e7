package dev.waflows.operator.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.UncheckedIOException;

/** A Kubernetes object as the JSON tree the API server would return for it. */
final class ResourceJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ResourceJson() {}

  /**
   * Accepts a Fabric8 object (typed or generic), a {@code Map} as read from YAML/JSON, a {@link
   * JsonNode}, or JSON text; serialises it the way Fabric8 sends it (nulls left out).
   */
  static JsonNode tree(Object resource) {
    try {
      if (resource instanceof JsonNode node) {
        return node;
      }
      String json = resource instanceof String s ? s : Serialization.asJson(resource);
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
