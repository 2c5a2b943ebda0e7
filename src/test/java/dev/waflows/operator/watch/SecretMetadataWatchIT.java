package dev.waflows.operator.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metadata-only watch against the real kube-apiserver that hack/control-plane.sh started:
 * Secret events arrive, Secret data does not, byte for byte.
 */
class SecretMetadataWatchIT {

  private static final Path ADMIN =
      Path.of(System.getenv().getOrDefault("FLOWS_STATE_DIR", "/tmp/flows-control-plane"))
          .resolve("admin.kubeconfig");

  private static KubernetesClient admin;

  @BeforeAll
  static void connect() throws Exception {
    assertThat(ADMIN).as("control plane up (hack/control-plane.sh up)").exists();
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(ADMIN)))
            .build();
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  /** A watch of one namespace that records names and every byte the server sent. */
  private static final class Recorder implements MetadataWatch.Listener {
    final List<String> changed = new CopyOnWriteArrayList<>();
    final StringBuffer wire = new StringBuffer();
    final AtomicLong bytes = new AtomicLong();
    final AtomicInteger gaps = new AtomicInteger();

    MetadataWatch watch(String ns) {
      URI secrets =
          URI.create(
              admin.getMasterUrl().toString().replaceAll("/+$", "")
                  + "/api/v1/namespaces/"
                  + ns
                  + "/secrets");
      return new MetadataWatch(
          admin.getHttpClient(),
          secrets,
          "Secrets in " + ns,
          this,
          MetadataWatch.Timing.DEFAULT,
          m -> {
            wire.append(m).append('\n');
            bytes.addAndGet(m.getBytes(StandardCharsets.UTF_8).length);
          });
    }

    @Override
    public void changed(String namespace, String name) {
      changed.add(namespace + "/" + name);
    }

    @Override
    public void mayHaveMissedChanges() {
      gaps.incrementAndGet();
    }
  }

  private static String namespace(String prefix) {
    String ns = prefix + "-" + Long.toString(System.nanoTime(), 36);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  @Test
  void aSecretsChangesArriveAndItsDataNeverDoes() {
    String ns = namespace("watch-it");
    String marker = "EAAGmarker" + System.nanoTime();
    String markerBase64 =
        Base64.getEncoder().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
    Recorder recorder = new Recorder();
    try (MetadataWatch watch = recorder.watch(ns)) {
      watch.start();
      watch.awaitOpen(Duration.ofSeconds(30));
      assertThat(watch.isHealthy()).isTrue();

      admin
          .secrets()
          .inNamespace(ns)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("token")
                  .endMetadata()
                  .withType("Opaque")
                  .withStringData(Map.of("token", marker))
                  .build())
          .create();
      admin
          .secrets()
          .inNamespace(ns)
          .withName("token")
          .edit(s -> new SecretBuilder(s).withStringData(Map.of("token", marker + "-v2")).build());
      admin.secrets().inNamespace(ns).withName("token").delete();

      String token = ns + "/token";
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> recorder.changed.stream().filter(token::equals).count() >= 3);
      // The controller manager's token controller may add the namespace's own service-account
      // token at any moment; anything else would be a change the watch made up.
      assertThat(recorder.changed)
          .allSatisfy(
              name ->
                  assertThat(name)
                      .matches(Pattern.quote(ns) + "/(token|default-token-[a-z0-9]{5})"));
      String wire = recorder.wire.toString();
      assertThat(wire)
          .contains("\"ADDED\"", "\"MODIFIED\"", "\"DELETED\"", "PartialObjectMetadata");
      assertThat(wire).doesNotContain(marker).doesNotContain(markerBase64);
      assertThat(wire).doesNotContain("\"data\"");
      assertThat(recorder.gaps).hasValue(0);
    }
  }

  /**
   * The figure behind the change: bytes the operator's Secret watch receives for 100 Secrets of 4
   * KiB, metadata only (now) against a plain watch of the same Secrets (before).
   */
  @Test
  void aHundredSecretsOf4KibCostOnlyTheirMetadata() throws Exception {
    String ns = namespace("watch-bytes");
    Recorder metadata = new Recorder();
    AtomicLong fullBytes = new AtomicLong();
    AtomicInteger fullEvents = new AtomicInteger();
    String from = admin.secrets().inNamespace(ns).list().getMetadata().getResourceVersion();
    WebSocket full =
        admin
            .getHttpClient()
            .newWebSocketBuilder()
            .setHeader("Origin", admin.getMasterUrl().toString().replaceAll("/+$", ""))
            .uri(
                URI.create(
                    admin.getMasterUrl().toString().replaceAll("/+$", "")
                        + "/api/v1/namespaces/"
                        + ns
                        + "/secrets?watch=true&resourceVersion="
                        + from))
            .buildAsync(
                new WebSocket.Listener() {
                  @Override
                  public void onMessage(WebSocket ws, String text) {
                    fullBytes.addAndGet(text.getBytes(StandardCharsets.UTF_8).length);
                    fullEvents.incrementAndGet();
                    ws.request();
                  }

                  @Override
                  public void onMessage(WebSocket ws, ByteBuffer bytes) {
                    fullBytes.addAndGet(bytes.remaining());
                    fullEvents.incrementAndGet();
                    ws.request();
                  }
                })
            .get(30, TimeUnit.SECONDS);
    try (MetadataWatch watch = metadata.watch(ns)) {
      watch.start();
      watch.awaitOpen(Duration.ofSeconds(30));
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < 100; i++) {
        byte[] data = new byte[4096];
        random.nextBytes(data);
        admin
            .secrets()
            .inNamespace(ns)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("s-" + i)
                    .endMetadata()
                    .withType("Opaque")
                    .withData(Map.of("blob", Base64.getEncoder().encodeToString(data)))
                    .build())
            .create();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> metadata.changed.size() >= 100 && fullEvents.get() >= 100);
      System.out.printf(
          "Secret watch, 100 Secrets of 4 KiB: metadata-only %d bytes, whole objects %d bytes%n",
          metadata.bytes.get(), fullBytes.get());
      assertThat(metadata.bytes.get() * 10).isLessThan(fullBytes.get());
    } finally {
      full.sendClose(1000, null);
    }
  }
}
