package dev.waflows.operator.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, from the API server's side, every change to FlowsEncryptionKeys, Secrets and Events in
 * the benchmark's namespaces from now on: each ADDED, MODIFIED or DELETED event is one write that
 * changed something.
 */
final class WriteWatch implements AutoCloseable {

  private final Map<String, AtomicLong> counts = new TreeMap<>();
  private final List<Watch> watches = new ArrayList<>();

  WriteWatch(KubernetesClient client, String nsPrefix) {
    watches.add(
        client
            .resources(dev.waflows.operator.api.FlowsEncryptionKey.class)
            .inAnyNamespace()
            .watch(
                from(
                    client
                        .resources(dev.waflows.operator.api.FlowsEncryptionKey.class)
                        .inAnyNamespace()
                        .list(one())
                        .getMetadata()
                        .getResourceVersion()),
                counter("FlowsEncryptionKey", nsPrefix)));
    watches.add(
        client
            .secrets()
            .inAnyNamespace()
            .watch(
                from(
                    client
                        .secrets()
                        .inAnyNamespace()
                        .list(one())
                        .getMetadata()
                        .getResourceVersion()),
                counter("Secret", nsPrefix)));
    watches.add(
        client
            .v1()
            .events()
            .inAnyNamespace()
            .watch(
                from(
                    client
                        .v1()
                        .events()
                        .inAnyNamespace()
                        .list(one())
                        .getMetadata()
                        .getResourceVersion()),
                counter("Event", nsPrefix)));
  }

  private static ListOptions one() {
    return new ListOptionsBuilder().withLimit(1L).build();
  }

  private static ListOptions from(String resourceVersion) {
    return new ListOptionsBuilder().withResourceVersion(resourceVersion).build();
  }

  private <T extends HasMetadata> Watcher<T> counter(String kind, String nsPrefix) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T object) {
        if (action == Action.BOOKMARK || action == Action.ERROR) {
          return;
        }
        String ns = object.getMetadata().getNamespace();
        if (ns != null && ns.startsWith(nsPrefix)) {
          synchronized (counts) {
            counts.computeIfAbsent(kind + " " + action, k -> new AtomicLong()).incrementAndGet();
          }
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        synchronized (counts) {
          counts.computeIfAbsent(kind + " watch lost", k -> new AtomicLong()).incrementAndGet();
        }
      }
    };
  }

  /** Changes seen so far, by kind and action. */
  Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    synchronized (counts) {
      counts.forEach((k, v) -> out.put(k, v.get()));
    }
    return out;
  }

  long total() {
    return counts().entrySet().stream()
        .filter(e -> !e.getKey().endsWith("watch lost"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }
}
