package dev.waflows.operator.reconciler.controller;

import static dev.waflows.operator.reconciler.OperatorHarness.decoded;
import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.test.appender.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keys that users bring, in every form the contract lists, are registered as they are and never
 * changed; unusable ones are reported without a Graph call; no secret value ever shows in a log
 * line, an Event or the status.
 */
@EnableKubernetesMockClient(crud = true)
class UserKeysOperatorTest {

  static final String PASSPHRASE = "fixture-passphrase";
  static KubernetesClient client;
  private static OperatorHarness h;
  private static ListAppender logs;
  private static final List<String> namespaces = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    logs = new ListAppender("capture");
    logs.start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().addAppender(logs);
    ctx.getRootLogger().addAppender(logs);
    Configurator.setLevel("dev.waflows", Level.DEBUG);
    ctx.updateLoggers();
    h = new OperatorHarness(client);
  }

  @AfterAll
  static void stop() {
    try {
      noSecretValueLeaked();
    } finally {
      h.close();
      ((LoggerContext) LogManager.getContext(false)).getRootLogger().removeAppender(logs);
    }
  }

  static String fixture(String name) {
    try {
      return Files.readString(Path.of("src/test/resources/keys", name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> acceptedForms() {
    return Stream.of(
        Arguments.of("PKCS#1", Map.of("private.pem", fixture("rsa2048-pkcs1.pem")), false),
        Arguments.of("PKCS#1 des3", Map.of("private.pem", fixture("rsa2048-pkcs1-des3.pem")), true),
        Arguments.of(
            "PKCS#1 aes256", Map.of("private.pem", fixture("rsa2048-pkcs1-aes256.pem")), true),
        Arguments.of(
            "PKCS#8",
            Map.of(
                "private.pem",
                fixture("rsa2048-pkcs8.pem"),
                "public.pem",
                fixture("rsa2048-public.pem")),
            false),
        Arguments.of(
            "PKCS#8 encrypted",
            Map.of("private.pem", fixture("rsa2048-pkcs8-encrypted.pem")),
            true),
        Arguments.of("public key only", Map.of("public.pem", fixture("rsa2048-public.pem")), false),
        Arguments.of("certificate only", Map.of("tls.crt", fixture("rsa2048-cert.pem")), false),
        Arguments.of(
            "kubernetes.io/tls",
            Map.of("tls.crt", fixture("rsa2048-cert.pem"), "tls.key", fixture("rsa2048-pkcs1.pem")),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedForms")
  void aUserKeyIsRegisteredAsItIsAndLeftUntouched(
      String form, Map<String, String> data, boolean encrypted) throws Exception {
    String ns = namespace();
    String id = phoneNumber();
    Secret before = h.putSecret(ns, "brought", data);
    FlowsEncryptionKeySpec spec = spec("brought", id);
    if (encrypted) {
      h.putSecret(ns, "passphrase", Map.of("passphrase", PASSPHRASE + "\n"));
      spec.setPassphraseSecretRef(new SecretKeySelector("passphrase", null));
    }
    h.create(ns, "shop", spec);

    FlowsEncryptionKey ready = h.awaitReady(ns, "shop");
    assertThat(ready.getStatus().getKeySource()).isEqualTo(KeySource.Loaded);
    assertThat(ready.getStatus().getKeyFingerprint())
        .isEqualTo(fixture("rsa2048.fingerprint").strip());
    var expected = PublicKeys.parsePem(fixture("rsa2048-public.pem")).orElseThrow();
    assertThat(PublicKeys.sameKey(expected, h.graph.storedKey(id).orElseThrow().pem())).isTrue();
    Secret after = h.secret(ns, "brought").orElseThrow();
    assertThat(after.getData()).isEqualTo(before.getData());
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
  }

  static Stream<Arguments> refusedForms() {
    return Stream.of(
        Arguments.of("not RSA", Map.of("private.pem", fixture("ec-p256.pem")), null, "private.pem"),
        Arguments.of(
            "1024 bits", Map.of("private.pem", fixture("rsa1024-pkcs8.pem")), null, "private.pem"),
        Arguments.of(
            "not a pair",
            Map.of(
                "private.pem",
                fixture("rsa2048-pkcs8.pem"),
                "public.pem",
                fixture("other-rsa2048-public.pem")),
            null,
            "public.pem"),
        Arguments.of(
            "wrong passphrase",
            Map.of("private.pem", fixture("rsa2048-pkcs1-des3.pem")),
            "not-the-passphrase",
            "private.pem"),
        Arguments.of(
            "passphrase missing",
            Map.of("private.pem", fixture("rsa2048-pkcs8-encrypted.pem")),
            null,
            "passphrase"),
        Arguments.of(
            "garbage",
            Map.of("private.pem", "-----BEGIN PRIVATE KEY-----\nnot base64!\n"),
            null,
            "private.pem"),
        Arguments.of("empty", Map.of(), null, "no key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedForms")
  void anUnusableKeyIsReportedWithoutAGraphCallAndTheSecretStays(
      String form, Map<String, String> data, String passphrase, String messagePart)
      throws Exception {
    String ns = namespace();
    String id = phoneNumber();
    Secret before = h.putSecret(ns, "brought", data);
    FlowsEncryptionKeySpec spec = spec("brought", id);
    if (passphrase != null) {
      h.putSecret(ns, "passphrase", Map.of("passphrase", passphrase));
      spec.setPassphraseSecretRef(new SecretKeySelector("passphrase", null));
    }
    h.create(ns, "shop", spec);

    FlowsEncryptionKey r = h.awaitCondition(ns, "shop", "KeyReady", "False", "InvalidKey");
    var keyReady = h.condition(ns, "shop", "KeyReady").orElseThrow();
    assertThat(keyReady.getMessage()).contains("brought").containsIgnoringCase(messagePart);
    assertThat(h.condition(ns, "shop", "Ready").orElseThrow().getReason()).isEqualTo("InvalidKey");
    assertThat(r.getStatus().getKeyFingerprint()).isNull();
    h.awaitAnotherPass(ns, "shop");
    assertThat(h.graph.getCount(id) + h.graph.postCount(id)).isZero();
    Secret after = h.secret(ns, "brought").orElseThrow();
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(h.events(ns)).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("InvalidKey"));
  }

  @Test
  void aGeneratedKeyWithAPassphraseIsStoredEncrypted() {
    String ns = namespace();
    h.putSecret(ns, "passphrase", Map.of("passphrase", PASSPHRASE));
    FlowsEncryptionKeySpec spec = spec("generated", phoneNumber());
    spec.setPassphraseSecretRef(new SecretKeySelector("passphrase", null));
    h.create(ns, "shop", spec);
    h.awaitReady(ns, "shop");
    assertThat(decoded(h.secret(ns, "generated").orElseThrow(), "private.pem"))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
  }

  private static String namespace() {
    String ns = h.namespace();
    namespaces.add(ns);
    return ns;
  }

  /** Every secret value the tests used, checked against all that users can read. */
  private static void noSecretValueLeaked() {
    List<String> secrets = new ArrayList<>();
    secrets.add(OperatorHarness.TOKEN);
    secrets.add(PASSPHRASE);
    secrets.add("not-the-passphrase");
    for (String f : List.of("rsa2048-pkcs1.pem", "rsa2048-pkcs8.pem", "rsa2048-pkcs1-des3.pem")) {
      // Any line of base64 body identifies key material.
      fixture(f)
          .lines()
          .filter(l -> !l.startsWith("-----") && l.length() > 40)
          .limit(3)
          .forEach(secrets::add);
    }
    Map<String, String> visible = new LinkedHashMap<>();
    visible.put(
        "logs",
        String.join(
            "\n",
            logs.getEvents().stream()
                .map(
                    e ->
                        e.getMessage().getFormattedMessage()
                            + " "
                            + (e.getThrown() == null ? "" : e.getThrown()))
                .toList()));
    for (String ns : namespaces) {
      visible.put("events " + ns, h.events(ns).stream().map(Event::getMessage).toList().toString());
      visible.put("status " + ns, Serialization.asJson(h.get(ns, "shop").getStatus()));
    }
    assertThat(visible.get("logs")).as("captured some logs").isNotBlank();
    visible.forEach(
        (where, text) -> {
          for (String s : secrets) {
            assertThat(text).as("%s must not contain secret material", where).doesNotContain(s);
          }
        });
  }
}
