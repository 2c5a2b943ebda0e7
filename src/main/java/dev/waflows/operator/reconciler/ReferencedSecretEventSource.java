package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triggers a reconcile when a Secret that a resource names changes, so a fixed token or key takes
 * effect at once. It watches Secrets without caching them: only names pass through a lookup in the
 * primary cache's index, so the thousands of Secrets a cluster holds cost no memory. The watch
 * starts from the current resourceVersion and restarts when the server ends it.
 */
class ReferencedSecretEventSource extends AbstractEventSource<Secret, FlowsEncryptionKey> {

  /** Primary-cache index from "namespace/secretName" to the resources naming that Secret. */
  static final String INDEX = "referenced-secrets";

  private static final Logger LOG = LoggerFactory.getLogger(ReferencedSecretEventSource.class);
  private static final java.time.Duration RETRY = java.time.Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final IndexedResourceCache<FlowsEncryptionKey> primaries;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private volatile boolean running;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "secret-watch-restart");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param namespaces the namespaces to watch; empty means all
   */
  ReferencedSecretEventSource(
      KubernetesClient client,
      Set<String> namespaces,
      IndexedResourceCache<FlowsEncryptionKey> primaries) {
    super(Secret.class, "referenced-secrets");
    this.client = client;
    this.namespaces = namespaces;
    this.primaries = primaries;
  }

  /** Index keys for {@link #INDEX}: every Secret the spec names. */
  static List<String> referencedSecrets(FlowsEncryptionKey resource) {
    List<String> keys = new ArrayList<>();
    FlowsEncryptionKeySpec spec = resource.getSpec();
    String ns = resource.getMetadata().getNamespace();
    if (spec == null) {
      return keys;
    }
    if (spec.getKeySecretRef() != null) {
      keys.add(ns + "/" + spec.getKeySecretRef().getName());
    }
    if (spec.getAccessTokenSecretRef() != null) {
      keys.add(ns + "/" + spec.getAccessTokenSecretRef().getName());
    }
    if (spec.getPassphraseSecretRef() != null) {
      keys.add(ns + "/" + spec.getPassphraseSecretRef().getName());
    }
    return keys;
  }

  @Override
  public void start() {
    running = true;
    if (namespaces.isEmpty()) {
      open("*");
    } else {
      namespaces.forEach(this::open);
    }
    super.start();
  }

  @Override
  public void stop() {
    running = false;
    retries.shutdownNow();
    watches.values().forEach(Watch::close);
    watches.clear();
    super.stop();
  }

  @Override
  public Set<Secret> getSecondaryResources(FlowsEncryptionKey primary) {
    return Set.of();
  }

  @Override
  public Status getStatus() {
    int expected = namespaces.isEmpty() ? 1 : namespaces.size();
    return running && watches.size() == expected ? Status.HEALTHY : Status.UNHEALTHY;
  }

  private void open(String namespace) {
    NonNamespaceOperation<Secret, SecretList, Resource<Secret>> secrets =
        "*".equals(namespace) ? null : client.secrets().inNamespace(namespace);
    // A watch without a resourceVersion replays every existing Secret as ADDED: start from now.
    String from =
        (secrets == null
                ? client
                    .secrets()
                    .inAnyNamespace()
                    .list(new ListOptionsBuilder().withLimit(1L).build())
                : secrets.list(new ListOptionsBuilder().withLimit(1L).build()))
            .getMetadata()
            .getResourceVersion();
    var options =
        new ListOptionsBuilder().withResourceVersion(from).withAllowWatchBookmarks(true).build();
    Watcher<Secret> watcher = new SecretWatcher(namespace);
    Watch watch =
        secrets == null
            ? client.secrets().inAnyNamespace().watch(options, watcher)
            : secrets.watch(options, watcher);
    watches.put(namespace, watch);
  }

  private final class SecretWatcher implements Watcher<Secret> {
    private final String namespace;

    SecretWatcher(String namespace) {
      this.namespace = namespace;
    }

    @Override
    public void eventReceived(Action action, Secret secret) {
      if (action == Action.BOOKMARK || secret.getMetadata() == null) {
        return;
      }
      String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
      for (FlowsEncryptionKey primary : primaries.byIndex(INDEX, key)) {
        getEventHandler().handleEvent(new Event(ResourceID.fromResource(primary)));
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      watches.remove(namespace);
      if (!running) {
        return;
      }
      LOG.info("Secret watch in {} ended ({}); restarting", namespace, cause.getMessage());
      reopen(namespace);
    }
  }

  /** Reopens a watch, retrying every few seconds while the API server cannot be reached. */
  private void reopen(String namespace) {
    if (!running) {
      return;
    }
    try {
      open(namespace);
    } catch (RuntimeException e) {
      LOG.warn("could not restart the Secret watch in {}: {}; retrying", namespace, e.getMessage());
      retries.schedule(() -> reopen(namespace), RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
