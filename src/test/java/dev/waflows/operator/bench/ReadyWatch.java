package dev.waflows.operator.bench;

import dev.waflows.operator.api.FlowsEncryptionKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Watches the resources of one namespace and notes when each first reports Ready=True; a list every
 * 10 s (every N/100 s for N resources) covers a watch that ended.
 */
final class ReadyWatch implements AutoCloseable {

  private final KubernetesClient client;
  private final String ns;
  private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
  private final Predicate<FlowsEncryptionKey> done;
  private final Watch watch;

  ReadyWatch(KubernetesClient client, String ns) {
    this(client, ns, ReadyWatch::ready);
  }

  /** Notes instead when each resource first satisfies {@code done}. */
  ReadyWatch(KubernetesClient client, String ns, Predicate<FlowsEncryptionKey> done) {
    this.client = client;
    this.ns = ns;
    this.done = done;
    this.watch =
        client
            .resources(FlowsEncryptionKey.class)
            .inNamespace(ns)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, FlowsEncryptionKey r) {
                    note(r, System.nanoTime());
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    // the list in awaitAll takes over
                  }
                });
  }

  private void note(FlowsEncryptionKey r, long nanos) {
    if (done.test(r)) {
      readyAt.putIfAbsent(r.getMetadata().getName(), nanos);
    }
  }

  private static boolean ready(FlowsEncryptionKey r) {
    return r.getStatus() != null
        && r.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Waits until {@code n} resources are Ready.
   *
   * @return System.nanoTime() at which the last of them was seen Ready
   */
  long awaitAll(int n, Duration timeout) {
    return awaitAll(n, timeout, null);
  }

  /**
   * Waits until {@code n} resources are Ready, and gives up at once when {@code operator} exits.
   *
   * @param operator the operator whose work is awaited; {@code null} when not known
   * @return System.nanoTime() at which the last of them was seen Ready
   */
  long awaitAll(int n, Duration timeout, OperatorJvm operator) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastList = System.nanoTime();
    // A list of 10,000 resources is tens of MB for the API server to serialize: the fallback for
    // a lost watch must not become a load of its own.
    Duration relistEvery = Duration.ofSeconds(Math.max(10, n / 100));
    while (readyAt.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            ns + ": only " + readyAt.size() + "/" + n + " Ready after " + timeout);
      }
      if (operator != null && !operator.isAlive()) {
        throw new IllegalStateException(
            ns + ": the operator exited with " + readyAt.size() + "/" + n + " Ready");
      }
      if (System.nanoTime() - lastList > relistEvery.toNanos()) {
        long now = System.nanoTime();
        try {
          client
              .resources(FlowsEncryptionKey.class)
              .inNamespace(ns)
              .list()
              .getItems()
              .forEach(r -> note(r, now));
        } catch (KubernetesClientException e) {
          // A busy API server may time the list out; the watch goes on, and the next list.
        }
        lastList = now;
      }
      OperatorJvm.sleep(20);
    }
    return readyAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  @Override
  public void close() {
    watch.close();
  }
}
