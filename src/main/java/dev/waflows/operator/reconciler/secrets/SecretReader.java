package dev.waflows.operator.reconciler.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Secrets a resource names, from its own namespace only, straight from the API server:
 * the operator caches no Secret, so unrelated Secrets cost it no memory.
 */
public class SecretReader {

  private final KubernetesClient client;

  public SecretReader(KubernetesClient client) {
    this.client = client;
  }

  Optional<Secret> get(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  /** The Secret's data, decoded. {@code stringData} is folded in for API servers that keep it. */
  public static Map<String, byte[]> decodedData(Secret secret) {
    Map<String, byte[]> data = new HashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, Base64.getMimeDecoder().decode(v)));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return data;
  }

  static String resourceVersion(Optional<Secret> secret) {
    return secret.map(s -> s.getMetadata().getResourceVersion()).orElse(SecretVersions.MISSING);
  }
}
