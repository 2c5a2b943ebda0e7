package dev.waflows.operator.reconciler.secrets;

import dev.waflows.operator.reconciler.TimeSource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Namespaces where the API server refused to create a key Secret because the namespace is being
 * deleted, or is gone: for {@link #MEMORY} no key is generated there. Deleting a namespace removes
 * its Secrets before or while its FlowsEncryptionKeys go; each of those would otherwise generate a
 * key pair (about 0.1 s of CPU) that the API server refuses to store, and again on every retry.
 * Deleting the benchmark's namespace of 1,000 resources cost 143 such keys.
 */
final class ClosedNamespaces {

  /** How long a refusal is trusted; a namespace of the same name created again waits that long. */
  static final Duration MEMORY = Duration.ofMinutes(1);

  private final TimeSource time;
  private final Map<String, Instant> closedUntil = new ConcurrentHashMap<>();

  ClosedNamespaces(TimeSource time) {
    this.time = time;
  }

  /**
   * Whether {@code e} says that the namespace takes no new objects: 403 with the cause {@code
   * NamespaceTerminating}, or 404 for the namespace itself.
   */
  static boolean refusesNewObjects(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status == null || status.getDetails() == null) {
      return false;
    }
    if (e.getCode() == 403 && status.getDetails().getCauses() != null) {
      return status.getDetails().getCauses().stream()
          .anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }
    return e.getCode() == 404 && "namespaces".equals(status.getDetails().getKind());
  }

  void remember(String namespace) {
    Instant now = time.now();
    closedUntil.values().removeIf(until -> !until.isAfter(now));
    closedUntil.put(namespace, now.plus(MEMORY));
  }

  boolean isClosed(String namespace) {
    Instant until = closedUntil.get(namespace);
    return until != null && until.isAfter(time.now());
  }
}
