package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Rotation as a Flows endpoint lives it, on the real API server with the packaged operator. The
 * test plays the WhatsApp client (it seals requests to whatever key Graph holds at that moment) and
 * the endpoint (it opens them with private.pem, then previous-private.pem). The endpoint's view of
 * the Secret lags, as a kubelet-mounted Secret does: each request must open both with the Secret as
 * it was {@link #KUBELET_LAG} before it was sealed and as it is {@link #IN_FLIGHT} after. Zero
 * failures allowed, through a rotation by annotation and one by schedule at the same time.
 */
class RotationIT {

  private static final Duration KUBELET_LAG = Duration.ofSeconds(2);
  private static final Duration IN_FLIGHT = Duration.ofSeconds(3);
  private static final String ROTATION =
      """
      verifyInterval: 1m
      rotation:
        every: 1h
        registerAfter: 6s
        keepPreviousFor: 15s""";

  private final SecureRandom random = new SecureRandom();

  /** The key Secret's private keys as seen at some moment. */
  private record Snapshot(long atMillis, List<PrivateKey> keys) {}

  private record Sealed(
      String resource, long atMillis, byte[] wrappedKey, byte[] iv, byte[] body) {}

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
    AtomicInteger opened = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    ConcurrentLinkedQueue<Sealed> inFlight = new ConcurrentLinkedQueue<>();
    try (GraphSandbox graph = GraphSandbox.start();
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

      Thread watcher =
          thread(
              () -> {
                for (String name : numbers.keySet()) {
                  history
                      .computeIfAbsent(name, k -> new CopyOnWriteArrayList<>())
                      .add(
                          new Snapshot(
                              System.currentTimeMillis(), privateKeys(secret(admin, ns, name))));
                }
              },
              running,
              100);
      Thread client =
          thread(
              () ->
                  numbers.forEach(
                      (name, ids) -> {
                        for (String id : ids) {
                          graph
                              .storedKey(id)
                              .flatMap(k -> PublicKeys.parsePem(k.pem()))
                              .ifPresent(k -> inFlight.add(seal(name, k)));
                        }
                      }),
              running,
              150);
      Thread endpoint =
          thread(
              () -> {
                long now = System.currentTimeMillis();
                Sealed s;
                while ((s = inFlight.peek()) != null
                    && s.atMillis() + IN_FLIGHT.toMillis() <= now) {
                  inFlight.poll();
                  serve(s, history.get(s.resource()), opened, failures);
                }
              },
              running,
              50);
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
      for (Thread t : List.of(watcher, client, endpoint)) {
        t.join(10_000);
      }

      assertThat(failures)
          .as("requests the endpoint could not open or the client not read")
          .isEmpty();
      assertThat(opened.get()).as("requests served").isGreaterThan(200);
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
      ControlPlane.kubectl("delete", "namespace", ns, "--wait=false");
    }
  }

  // ---- the WhatsApp client ----

  private Sealed seal(String resource, PublicKey key) {
    try {
      byte[] aesKey = new byte[16];
      byte[] iv = new byte[16];
      random.nextBytes(aesKey);
      random.nextBytes(iv);
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.ENCRYPT_MODE, key, oaep());
      byte[] wrapped = rsa.doFinal(aesKey);
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, iv));
      byte[] body =
          aes.doFinal(("{\"action\":\"ping\",\"n\":" + random.nextInt() + "}").getBytes());
      // The test keeps the AES key too, as the client does, to read the answer.
      CLIENT_KEYS.put(new String(Base64.getEncoder().encode(wrapped)), aesKey);
      return new Sealed(resource, System.currentTimeMillis(), wrapped, iv, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final Map<String, byte[]> CLIENT_KEYS = new ConcurrentHashMap<>();

  // ---- the endpoint ----

  /** Opens the request with the Secret as seen before (kubelet lag) and after (in flight). */
  private static void serve(
      Sealed s, List<Snapshot> snapshots, AtomicInteger opened, List<String> failures) {
    for (long at : new long[] {s.atMillis() - KUBELET_LAG.toMillis(), System.currentTimeMillis()}) {
      Optional<Snapshot> view = viewAt(snapshots, at);
      if (view.isEmpty()) {
        continue;
      }
      Optional<byte[]> aesKey = unwrap(s.wrappedKey(), view.get().keys());
      if (aesKey.isEmpty()) {
        failures.add(
            s.resource()
                + ": no key in the Secret opens a request sealed at "
                + s.atMillis()
                + " (view of "
                + view.get().atMillis()
                + "): HTTP 421");
        return;
      }
      try {
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(
            Cipher.DECRYPT_MODE,
            new SecretKeySpec(aesKey.get(), "AES"),
            new GCMParameterSpec(128, s.iv()));
        byte[] request = aes.doFinal(s.body());
        byte[] flipped = s.iv().clone();
        for (int i = 0; i < flipped.length; i++) {
          flipped[i] = (byte) ~flipped[i];
        }
        aes.init(
            Cipher.ENCRYPT_MODE,
            new SecretKeySpec(aesKey.get(), "AES"),
            new GCMParameterSpec(128, flipped));
        byte[] response = aes.doFinal(("{\"echo\":" + new String(request) + "}").getBytes());
        // The client reads the answer with its own AES key.
        byte[] clientKey = CLIENT_KEYS.get(new String(Base64.getEncoder().encode(s.wrappedKey())));
        Cipher read = Cipher.getInstance("AES/GCM/NoPadding");
        read.init(
            Cipher.DECRYPT_MODE,
            new SecretKeySpec(clientKey, "AES"),
            new GCMParameterSpec(128, flipped));
        String answer = new String(read.doFinal(response), StandardCharsets.UTF_8);
        if (!answer.contains(new String(request, StandardCharsets.UTF_8))) {
          failures.add(s.resource() + ": the client read another answer");
        }
      } catch (Exception e) {
        failures.add(s.resource() + ": " + e);
        return;
      }
    }
    opened.incrementAndGet();
  }

  private static Optional<Snapshot> viewAt(List<Snapshot> snapshots, long atMillis) {
    Snapshot last = null;
    for (Snapshot s : snapshots) {
      if (s.atMillis() > atMillis) {
        break;
      }
      last = s;
    }
    return Optional.ofNullable(last);
  }

  /** private.pem first, then previous-private.pem. */
  private static Optional<byte[]> unwrap(byte[] wrapped, List<PrivateKey> keys) {
    for (PrivateKey k : keys) {
      try {
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.DECRYPT_MODE, k, oaep());
        return Optional.of(rsa.doFinal(wrapped));
      } catch (Exception e) {
        // Not this key: try the next.
      }
    }
    return Optional.empty();
  }

  private static OAEPParameterSpec oaep() {
    return new OAEPParameterSpec(
        "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  }

  // ---- Kubernetes ----

  private static Secret secret(KubernetesClient admin, String ns, String resource) {
    return admin.secrets().inNamespace(ns).withName(resource + "-key").get();
  }

  private static List<PrivateKey> privateKeys(Secret s) {
    List<PrivateKey> keys = new ArrayList<>();
    for (String entry : List.of("private.pem", "previous-private.pem")) {
      String b64 = s.getData().get(entry);
      if (b64 != null) {
        String pem = new String(Base64.getDecoder().decode(b64), StandardCharsets.US_ASCII);
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
          keys.add(
              KeyFactory.getInstance("RSA")
                  .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body))));
        } catch (Exception e) {
          throw new IllegalStateException(entry + " is not a plain PKCS#8 key", e);
        }
      }
    }
    return keys;
  }

  private static String publicPem(KubernetesClient admin, String ns, String resource) {
    return new String(
        Base64.getDecoder().decode(secret(admin, ns, resource).getData().get("public.pem")),
        StandardCharsets.US_ASCII);
  }

  private static boolean rotatedAndSettled(
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

  private static boolean ready(KubernetesClient admin, String ns, String name) {
    FlowsEncryptionKey r =
        admin.resources(FlowsEncryptionKey.class).inNamespace(ns).withName(name).get();
    return r != null
        && r.getStatus() != null
        && r.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  /** Runs {@code step} every {@code periodMillis} until {@code running} goes false. */
  private static Thread thread(Runnable step, AtomicBoolean running, long periodMillis) {
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
