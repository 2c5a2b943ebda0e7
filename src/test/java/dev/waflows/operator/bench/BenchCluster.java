package dev.waflows.operator.bench;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.KeySecretReference;
import dev.waflows.operator.api.SecretKeySelector;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * What the benchmark does to the cluster as an admin: namespaces, Secrets and resources created in
 * bulk (in parallel, as kubectl apply of many files or a GitOps sync would), and clean-up.
 */
final class BenchCluster implements AutoCloseable {

  static final Path STATE =
      Path.of(System.getenv().getOrDefault("FLOWS_STATE_DIR", "/tmp/flows-control-plane"));
  static final String TOKEN_SECRET = "whatsapp-system-user";
  static final String TOKEN = "EAAGbenchTOKEN";
  private static final int PARALLEL_WRITES = 16;

  private final KubernetesClient admin;
  private final ExecutorService writers = Executors.newFixedThreadPool(PARALLEL_WRITES);

  BenchCluster() {
    try {
      Config config = Config.fromKubeconfig(Files.readString(STATE.resolve("admin.kubeconfig")));
      // Enough connections and no client-side throttling for bulk writes.
      config.setMaxConcurrentRequests(PARALLEL_WRITES * 2);
      config.setMaxConcurrentRequestsPerHost(PARALLEL_WRITES * 2);
      // A list of 10,000 resources (the scale round) takes longer than the default 10 s.
      config.setRequestTimeout(120_000);
      this.admin = new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  KubernetesClient client() {
    return admin;
  }

  /** A fresh namespace with the token Secret (an older one of the same name is deleted first). */
  void freshNamespace(String ns, boolean withToken) {
    deleteNamespace(ns);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    if (withToken) {
      admin
          .secrets()
          .inNamespace(ns)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(TOKEN_SECRET)
                  .endMetadata()
                  .withType("Opaque")
                  .withStringData(Map.of("token", TOKEN))
                  .build())
          .create();
    }
  }

  /** Deletes the namespace and waits (up to 10 minutes) until the server has removed it. */
  void deleteNamespace(String ns) {
    if (admin.namespaces().withName(ns).get() == null) {
      return;
    }
    // One delete for all the resources and one for all the Secrets: the namespace controller
    // removes them one by one, about 15 a second on a busy machine, 10 minutes for the scale round.
    admin.resources(FlowsEncryptionKey.class).inNamespace(ns).delete();
    admin.secrets().inNamespace(ns).delete();
    admin.namespaces().withName(ns).delete();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (admin.namespaces().withName(ns).get() != null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("namespace " + ns + " still there after 10 minutes");
      }
      OperatorJvm.sleep(1000);
    }
  }

  static FlowsEncryptionKey resource(String ns, String name, List<String> numbers) {
    FlowsEncryptionKeySpec spec = new FlowsEncryptionKeySpec();
    spec.setPhoneNumberIds(numbers);
    spec.setKeySecretRef(new KeySecretReference(keySecretName(name)));
    spec.setAccessTokenSecretRef(new SecretKeySelector(TOKEN_SECRET, null));
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(ns);
    r.setSpec(spec);
    return r;
  }

  static String keySecretName(String resourceName) {
    return resourceName + "-key";
  }

  void createResources(List<FlowsEncryptionKey> resources) {
    inParallel(
        resources.size(),
        i -> {
          FlowsEncryptionKey r = resources.get(i);
          admin
              .resources(FlowsEncryptionKey.class)
              .inNamespace(r.getMetadata().getNamespace())
              .resource(r)
              .create();
        });
  }

  /** Each FlowsEncryptionKey's uid in {@code ns}, by name. */
  Map<String, String> uidsByName(String ns) {
    Map<String, String> uids = new HashMap<>();
    admin
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(r -> uids.put(r.getMetadata().getName(), r.getMetadata().getUid()));
    return uids;
  }

  void createSecrets(List<Secret> secrets) {
    inParallel(
        secrets.size(),
        i ->
            admin
                .secrets()
                .inNamespace(secrets.get(i).getMetadata().getNamespace())
                .resource(secrets.get(i))
                .create());
  }

  /** Sets spec.verifyInterval on every resource of the namespace (a JSON merge patch each). */
  void setVerifyInterval(String ns, String interval) {
    List<FlowsEncryptionKey> all =
        admin.resources(FlowsEncryptionKey.class).inNamespace(ns).list().getItems();
    String patch = "{\"spec\":{\"verifyInterval\":\"" + interval + "\"}}";
    inParallel(
        all.size(),
        i ->
            admin
                .resources(FlowsEncryptionKey.class)
                .inNamespace(ns)
                .withName(all.get(i).getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
  }

  /** Sets one annotation on every resource of the namespace (a JSON merge patch each). */
  void annotateAll(String ns, String key, String value) {
    List<FlowsEncryptionKey> all =
        admin.resources(FlowsEncryptionKey.class).inNamespace(ns).list().getItems();
    String patch = "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}";
    inParallel(
        all.size(),
        i ->
            admin
                .resources(FlowsEncryptionKey.class)
                .inNamespace(ns)
                .withName(all.get(i).getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
  }

  /** Resources of the namespace whose status has caught up with their spec. */
  long observedCurrentGeneration(String ns) {
    return admin.resources(FlowsEncryptionKey.class).inNamespace(ns).list().getItems().stream()
        .filter(
            r ->
                r.getStatus() != null
                    && r.getMetadata().getGeneration() != null
                    && r.getMetadata()
                        .getGeneration()
                        .equals(r.getStatus().getObservedGeneration()))
        .count();
  }

  /**
   * Write requests the API server has answered for FlowsEncryptionKeys, Secrets and Events, from
   * its own apiserver_request_total counter: every client, every namespace.
   */
  long serverWriteRequests() {
    String metrics = admin.raw("/metrics");
    long total = 0;
    for (String line : metrics.split("\n")) {
      if (!line.startsWith("apiserver_request_total{")) {
        continue;
      }
      boolean write = line.matches(".*verb=\"(POST|PUT|PATCH|DELETE|APPLY)\".*");
      boolean ours = line.matches(".*resource=\"(flowsencryptionkeys|secrets|events)\".*");
      if (write && ours) {
        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /** Runs task(0..n-1), PARALLEL_WRITES at a time, as a GitOps sync of many objects would. */
  void inParallel(int n, IntConsumer task) {
    List<Future<?>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      futures.add(writers.submit(() -> task.accept(index)));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  @Override
  public void close() {
    writers.shutdownNow();
    admin.close();
  }
}
