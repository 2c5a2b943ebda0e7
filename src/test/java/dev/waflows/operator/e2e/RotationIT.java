package dev.waflows.operator.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.flows.RequestSignature;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.operator.proxy.FakeApp;
import dev.waflows.operator.proxy.KubeletVolume;
import dev.waflows.operator.proxy.ProxyConfig;
import dev.waflows.operator.proxy.ProxyServer;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Rotation as a Flows endpoint lives it, on the real API server with the packaged operator. The
 * test plays the WhatsApp client ({@link WhatsAppClient}): it seals requests to whatever key Graph
 * holds at that moment and sends each through the Flows endpoint proxy twice, at once and {@link
 * #IN_FLIGHT} later (a request that was slow to arrive). Each resource has its own proxy (in this
 * JVM) in front of a trivial app, reading a directory the test keeps in step with the key Secret as
 * the kubelet does, {@link #KUBELET_LAG} behind it (new timestamped directory, {@code ..data}
 * swapped). Every answer must be 200 and open with the client's AES key to the app's echo of the
 * request. Zero failures allowed, through a rotation by annotation and one by schedule at the same
 * time.
 */
class RotationIT {

  private static final Duration KUBELET_LAG = Duration.ofSeconds(2);
  static final Duration IN_FLIGHT = Duration.ofSeconds(3);
  static final byte[] APP_SECRET =
      "e2e-app-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final String ROTATION =
      """
      verifyInterval: 1m
      rotation:
        every: 1h
        registerAfter: 6s
        keepPreviousFor: 15s""";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The key Secret as the API server held it at some moment. */
  record Snapshot(long atMillis, String resourceVersion, Map<String, byte[]> data) {}

  /** A request as the client sealed it, with the AES key it keeps to read the answer. */
  record Sealed(
      String resource, long atMillis, byte[] aesKey, byte[] iv, byte[] body, String json) {}

  @Test
  void clientsNeverMeetAKeyTheEndpointCannotOpen() throws Exception {
    ControlPlane.installDeploy();
    String ns = "e2e-rotation-" + System.currentTimeMillis() % 100_000;
    ControlPlane.kubectlWithInput(Manifests.namespace(ns), "apply", "-f", "-");
    ControlPlane.kubectlWithInput(Manifests.tokenSecret(ns, "EAAGrotateTOKEN"), "apply", "-f", "-");
    Map<String, List<String>> numbers =
        Map.of(
            "by-annotation", List.of("880001", "880002"),
            "by-schedule", List.of("880011", "880012"),
            "bystander", List.of("880021"));
    Map<String, List<Snapshot>> history = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    Path volumes = Files.createTempDirectory("rotation-it-");
    Path appSecret = Files.write(volumes.resolve("app-secret"), APP_SECRET);
    try (FakeApp app = new FakeApp();
        GraphSandbox graph = GraphSandbox.start();
        KubernetesClient admin = ControlPlane.adminClient();
        OperatorProcess operator =
            new OperatorProcess(graph.baseUrl(), false, "e2e-rotation-operator")) {
      operator.start();
      StringBuilder all = new StringBuilder();
      numbers.forEach(
          (name, ids) -> all.append(Manifests.resource(ns, name, ids, ROTATION)).append("---\n"));
      var apply = ControlPlane.kubectlWithInput(all.toString(), "apply", "-f", "-");
      assertThat(apply.exit()).as(apply.err()).isZero();
      await("all Ready")
          .atMost(Duration.ofSeconds(60))
          .until(() -> numbers.keySet().stream().allMatch(n -> ready(admin, ns, n)));
      Map<String, String> firstKeys = new ConcurrentHashMap<>();
      numbers.keySet().forEach(n -> firstKeys.put(n, publicPem(admin, ns, n)));

      for (String name : numbers.keySet()) {
        Snapshot first = snapshot(admin, ns, name);
        history.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(first);
        endpoints.put(name, Endpoint.start(volumes.resolve(name), appSecret, app, first));
      }

      Thread watcher =
          thread(
              () -> {
                for (String name : numbers.keySet()) {
                  List<Snapshot> seen = history.get(name);
                  Snapshot now = snapshot(admin, ns, name);
                  if (!now.resourceVersion().equals(seen.get(seen.size() - 1).resourceVersion())) {
                    seen.add(now);
                  }
                }
              },
              running,
              100);
      Thread kubelet =
          thread(
              () -> {
                long view = System.currentTimeMillis() - KUBELET_LAG.toMillis();
                endpoints.forEach((name, e) -> viewAt(history.get(name), view).ifPresent(e::mount));
              },
              running,
              100);
      WhatsAppClient client = new WhatsAppClient(graph, endpoints, numbers);
      List<Thread> clientThreads = client.start(running);
      TimeUnit.SECONDS.sleep(3);

      ControlPlane.kubectl(
          "annotate", "-n", ns, "fek/by-annotation", "waflows.dev/rotate-requested-at=first");
      ControlPlane.kubectl(
          "annotate",
          "-n",
          ns,
          "secret/by-schedule-key",
          "--overwrite",
          "waflows.dev/key-current-since=2020-01-01T00:00:00Z");

      await("both rotated, registered and the old keys dropped")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  rotatedAndSettled(admin, ns, "by-annotation", firstKeys)
                      && rotatedAndSettled(admin, ns, "by-schedule", firstKeys));
      TimeUnit.SECONDS.sleep(IN_FLIGHT.toSeconds() + 2);
      running.set(false);
      for (Thread t : List.of(watcher, kubelet)) {
        t.join(10_000);
      }
      for (Thread t : clientThreads) {
        t.join(10_000);
      }

      assertThat(client.failures)
          .as("requests the proxy did not answer with 200 or the client could not read")
          .isEmpty();
      assertThat(client.opened.get()).as("requests served").isGreaterThan(400);
      for (String name : List.of("by-annotation", "by-schedule")) {
        assertThat(app.received())
            .as("%s: requests sealed to the old key, opened with previous-private.pem", name)
            .anyMatch(r -> "previous".equals(r.flowsKey()) && r.path().equals("/" + name));
      }
      FlowsEncryptionKey r =
          admin.resources(FlowsEncryptionKey.class).inNamespace(ns).withName("by-annotation").get();
      assertThat(r.getStatus().getLastHandledRotateAt()).isEqualTo("first");
      for (String name : List.of("by-annotation", "by-schedule")) {
        Secret s = secret(admin, ns, name);
        assertThat(s.getData())
            .as("after keepPreviousFor only the new key is left")
            .containsOnlyKeys("private.pem", "public.pem");
        PublicKey current = PublicKeys.parsePem(publicPem(admin, ns, name)).orElseThrow();
        for (String id : numbers.get(name)) {
          assertThat(PublicKeys.sameKey(current, graph.storedKey(id).orElseThrow().pem())).isTrue();
          assertThat(graph.postedKeys(id)).hasSize(2);
        }
      }
      assertThat(publicPem(admin, ns, "bystander")).isEqualTo(firstKeys.get("bystander"));
    } finally {
      running.set(false);
      endpoints.values().forEach(Endpoint::close);
      try (Stream<Path> files = Files.walk(volumes)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
      ControlPlane.kubectl("delete", "namespace", ns, "--wait=false");
    }
  }

  // ---- the endpoint: the proxy in front of the app, reading a kubelet-style volume ----

  /** One resource's endpoint: its key Secret's volume and the proxy reading it. */
  static final class Endpoint implements AutoCloseable {
    private final KubeletVolume volume;
    private final ProxyServer proxy;
    private String mounted;

    private Endpoint(KubeletVolume volume, ProxyServer proxy, String mounted) {
      this.volume = volume;
      this.proxy = proxy;
      this.mounted = mounted;
    }

    /**
     * @param extraFlags further proxy flags, e.g. {@code --answer-ping=true} for an endpoint the
     *     operator probes
     */
    static Endpoint start(
        Path dir, Path appSecret, FakeApp app, Snapshot first, String... extraFlags)
        throws IOException {
      KubeletVolume volume = new KubeletVolume(dir);
      volume.publish(first.data());
      List<String> flags =
          new ArrayList<>(
              List.of(
                  "--port=0",
                  "--management-port=0",
                  "--key-dir=" + dir,
                  "--app-secret-file=" + appSecret,
                  "--upstream=" + app.url()));
      flags.addAll(List.of(extraFlags));
      ProxyConfig config = ProxyConfig.load(flags.toArray(String[]::new), Map.of());
      ProxyServer proxy =
          ProxyServer.start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      return new Endpoint(volume, proxy, first.resourceVersion());
    }

    /**
     * Publishes the Secret as the kubelet would, when its version changed.
     *
     * @return whether a new version was published
     */
    synchronized boolean mount(Snapshot s) {
      if (s.resourceVersion().equals(mounted)) {
        return false;
      }
      try {
        volume.publish(s.data());
        mounted = s.resourceVersion();
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Whether the proxy has loaded a private key (its /readyz). */
    boolean keysLoaded() {
      try {
        return HTTP.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + proxy.managementPort() + "/readyz"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    URI url(String path) {
      return URI.create("http://127.0.0.1:" + proxy.port() + path);
    }

    @Override
    public void close() {
      proxy.close();
    }
  }

  // ---- the WhatsApp client ----

  static Sealed seal(String resource, PublicKey key) {
    try {
      byte[] aesKey = new byte[16];
      byte[] iv = new byte[16];
      RANDOM.nextBytes(aesKey);
      RANDOM.nextBytes(iv);
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.ENCRYPT_MODE, key, oaep());
      byte[] wrapped = rsa.doFinal(aesKey);
      String json =
          "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"flow_token\":\"t\",\"data\":{\"n\":"
              + RANDOM.nextInt()
              + "}}";
      byte[] flowData = gcm(Cipher.ENCRYPT_MODE, aesKey, iv).doFinal(json.getBytes(UTF_8));
      Base64.Encoder b64 = Base64.getEncoder();
      String body =
          "{\"encrypted_flow_data\":\""
              + b64.encodeToString(flowData)
              + "\",\"encrypted_aes_key\":\""
              + b64.encodeToString(wrapped)
              + "\",\"initial_vector\":\""
              + b64.encodeToString(iv)
              + "\"}";
      return new Sealed(
          resource, System.currentTimeMillis(), aesKey, iv, body.getBytes(UTF_8), json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** POSTs a sealed, signed request to the resource's proxy and reads the answer as Meta does. */
  static void send(Sealed s, Endpoint endpoint, AtomicInteger opened, List<String> failures) {
    String what = s.resource() + ": a request sealed at " + s.atMillis();
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(endpoint.url("/" + s.resource()))
                  .timeout(Duration.ofSeconds(10))
                  .header(RequestSignature.HEADER, RequestSignature.sign(APP_SECRET, s.body()))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(s.body()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        failures.add(
            what + " got HTTP " + response.statusCode() + " at " + System.currentTimeMillis());
        return;
      }
      byte[] flipped = s.iv().clone();
      for (int i = 0; i < flipped.length; i++) {
        flipped[i] = (byte) ~flipped[i];
      }
      String answer =
          new String(
              gcm(Cipher.DECRYPT_MODE, s.aesKey(), flipped)
                  .doFinal(Base64.getDecoder().decode(response.body())),
              UTF_8);
      if (!answer.equals("{\"screen\":\"NEXT\",\"data\":" + s.json() + "}")) {
        failures.add(what + ": the client read another answer");
        return;
      }
      opened.incrementAndGet();
    } catch (Exception e) {
      failures.add(what + ": " + e);
    }
  }

  private static Cipher gcm(int mode, byte[] aesKey, byte[] iv) throws Exception {
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(mode, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, iv));
    return aes;
  }

  static Optional<Snapshot> viewAt(List<Snapshot> snapshots, long atMillis) {
    Snapshot last = null;
    for (Snapshot s : snapshots) {
      if (s.atMillis() > atMillis) {
        break;
      }
      last = s;
    }
    return Optional.ofNullable(last);
  }

  private static OAEPParameterSpec oaep() {
    return new OAEPParameterSpec(
        "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  }

  // ---- Kubernetes ----

  static Secret secret(KubernetesClient admin, String ns, String resource) {
    return admin.secrets().inNamespace(ns).withName(resource + "-key").get();
  }

  static Snapshot snapshot(KubernetesClient admin, String ns, String resource) {
    Secret s = secret(admin, ns, resource);
    Map<String, byte[]> data = new HashMap<>();
    s.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    return new Snapshot(System.currentTimeMillis(), s.getMetadata().getResourceVersion(), data);
  }

  static String publicPem(KubernetesClient admin, String ns, String resource) {
    return new String(
        Base64.getDecoder().decode(secret(admin, ns, resource).getData().get("public.pem")),
        StandardCharsets.US_ASCII);
  }

  static boolean rotatedAndSettled(
      KubernetesClient admin, String ns, String name, Map<String, String> firstKeys) {
    Secret s = secret(admin, ns, name);
    FlowsEncryptionKey r =
        admin.resources(FlowsEncryptionKey.class).inNamespace(ns).withName(name).get();
    return !publicPem(admin, ns, name).equals(firstKeys.get(name))
        && !s.getData().containsKey("previous-private.pem")
        && r.getStatus() != null
        && r.getStatus().getLastRotationTime() != null
        && r.getStatus().getPreviousKeyFingerprint() == null;
  }

  static boolean ready(KubernetesClient admin, String ns, String name) {
    FlowsEncryptionKey r =
        admin.resources(FlowsEncryptionKey.class).inNamespace(ns).withName(name).get();
    return r != null
        && r.getStatus() != null
        && r.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  /** Runs {@code step} every {@code periodMillis} until {@code running} goes false. */
  static Thread thread(Runnable step, AtomicBoolean running, long periodMillis) {
    Thread t =
        new Thread(
            () -> {
              while (running.get()) {
                step.run();
                try {
                  Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
