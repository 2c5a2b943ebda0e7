package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.KeySecretReference;
import dev.waflows.operator.api.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Objects on Fabric8's mock API server (CRUD mode) for tests that call reconciler parts directly:
 * one namespace per test, Secrets, resources and the Events recorded on them.
 */
public final class MockCluster {

  public static final String TOKEN_SECRET = "whatsapp-system-user";
  public static final String TOKEN = "EAAGmockTOKENvalue0123456789ZZ";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  public final KubernetesClient client;

  public MockCluster(KubernetesClient client) {
    this.client = client;
  }

  /** A namespace name no other test uses (the mock server needs no Namespace object). */
  public static String freshNamespace() {
    return "rt" + COUNTER.incrementAndGet();
  }

  /** A phone number ID no other test uses. */
  public static String phoneNumber() {
    return "2065403" + String.format("%08d", COUNTER.incrementAndGet());
  }

  /** The spec most tests start from: Register mode, a 1h interval, the standard token Secret. */
  public static FlowsEncryptionKeySpec spec(String keySecret, String... ids) {
    FlowsEncryptionKeySpec spec = new FlowsEncryptionKeySpec();
    spec.setPhoneNumberIds(List.of(ids));
    spec.setKeySecretRef(new KeySecretReference(keySecret));
    spec.setAccessTokenSecretRef(new SecretKeySelector(TOKEN_SECRET, null));
    spec.setVerifyInterval("1h");
    return spec;
  }

  /** The standard token Secret, Opaque, the token under the default key. */
  public Secret tokenSecret(String ns) {
    return secret(ns, TOKEN_SECRET, "Opaque", Map.of("token", TOKEN + "\n"));
  }

  /** Creates or replaces a Secret; {@code type} null leaves it unset. */
  public Secret secret(String ns, String name, String type, Map<String, String> data) {
    Map<String, String> encoded = new TreeMap<>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    Secret s =
        new SecretBuilder()
            .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build())
            .withType(type)
            .withData(encoded)
            .build();
    return client.secrets().inNamespace(ns).resource(s).createOr(existing -> existing.update());
  }

  public Secret getSecret(String ns, String name) {
    return client.secrets().inNamespace(ns).withName(name).get();
  }

  public FlowsEncryptionKey create(String ns, String name, FlowsEncryptionKeySpec spec) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    r.setSpec(spec);
    return client.resource(r).create();
  }

  public FlowsEncryptionKey get(String ns, String name) {
    return client.resources(FlowsEncryptionKey.class).inNamespace(ns).withName(name).get();
  }

  public List<Event> events(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems();
  }

  /** The Events in {@code ns} with this reason. */
  public List<Event> events(String ns, String reason) {
    return events(ns).stream().filter(e -> reason.equals(e.getReason())).toList();
  }
}
