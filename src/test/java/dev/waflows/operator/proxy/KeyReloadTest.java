package dev.waflows.operator.proxy;

import static dev.waflows.operator.proxy.RunningProxy.APP_SECRET;
import static dev.waflows.operator.proxy.RunningProxy.FLOW_TOKEN;
import static dev.waflows.operator.proxy.RunningProxy.KEY_A;
import static dev.waflows.operator.proxy.RunningProxy.KEY_B;
import static dev.waflows.operator.proxy.RunningProxy.OLD_APP_SECRET;
import static dev.waflows.operator.proxy.RunningProxy.request;
import static dev.waflows.operator.proxy.RunningProxy.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.flows.RequestSignature;
import dev.waflows.operator.flows.SealedRequest;
import dev.waflows.operator.keys.Fixtures;
import dev.waflows.operator.testing.CapturedLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys and app secrets replaced under a running proxy the way the kubelet replaces a mounted
 * Secret; and nothing secret in what it logs meanwhile.
 */
class KeyReloadTest {

  private static final Duration WITHIN = Duration.ofSeconds(5);

  @TempDir Path root;

  @Test
  void aRotationServesTheNewKeyWithinFiveSecondsAndTheOldOneThroughPreviousPrivatePem()
      throws Exception {
    try (CapturedLogs logs = new CapturedLogs("dev.waflows.operator");
        RunningProxy p = RunningProxy.start(root)) {
      assertThat(p.post("/flow", p.seal(request(), KEY_A)).statusCode()).isEqualTo(200);
      assertThat(p.post("/flow", p.seal(request(), KEY_B)).statusCode()).isEqualTo(421);

      p.keys.publish(
          Map.of(
              "private.pem", Fixtures.bytes("other-rsa2048-pkcs8.pem"),
              "public.pem", Fixtures.bytes("other-rsa2048-public.pem"),
              "previous-private.pem", Fixtures.bytes("rsa2048-pkcs8.pem"),
              "previous-public.pem", Fixtures.bytes("rsa2048-public.pem")));

      await()
          .atMost(WITHIN)
          .until(() -> p.post("/flow", p.seal(request(), KEY_B)).statusCode() == 200);
      // A client that still holds the old public key keeps working.
      SealedRequest toOld = p.seal(request(), KEY_A);
      var r = p.post("/flow", toOld);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(p.cipher.openResponse(r.body(), toOld)).isNotEmpty();
      assertThat(p.app.received().get(p.app.received().size() - 1).flowsKey())
          .isEqualTo("previous");
      assertThat(p.metrics())
          .contains(
              "slot=\"current\"", KEY_B.fingerprint(), "slot=\"previous\"", KEY_A.fingerprint())
          .doesNotContain("fingerprint=\"" + KEY_A.fingerprint() + "\",slot=\"current\"");

      // The rotation ends: the previous key leaves the Secret, and with it the proxy.
      p.keys.publish(Map.of("private.pem", Fixtures.bytes("other-rsa2048-pkcs8.pem")));
      await()
          .atMost(WITHIN)
          .until(() -> p.post("/flow", p.seal(request(), KEY_A)).statusCode() == 421);
      assertThat(p.metrics()).doesNotContain("slot=\"previous\"");

      assertNothingSecretIn(logs.lines());
      assertThat(String.join("\n", logs.lines())).contains(KEY_B.fingerprint());
    }
  }

  @Test
  void aBrokenChangeKeepsTheLoadedKeysAndIsReportedOnce() throws Exception {
    try (CapturedLogs logs = new CapturedLogs("dev.waflows.operator");
        RunningProxy p = RunningProxy.start(root)) {
      byte[] pem = Fixtures.bytes("other-rsa2048-pkcs8.pem");
      // Half written: the new private.pem cut in the middle.
      p.keys.publish(Map.of("private.pem", Arrays.copyOf(pem, pem.length / 2)));
      await()
          .atMost(WITHIN)
          .until(() -> p.metrics().contains("flows_proxy_key_reload_failures_total 1.0"));
      Thread.sleep(2_500); // more checks of the same broken files: counted once
      assertThat(p.metrics()).contains("flows_proxy_key_reload_failures_total 1.0");
      assertThat(p.post("/flow", p.seal(request(), KEY_A)).statusCode()).isEqualTo(200);
      assertThat(p.proxy.isReady()).isTrue();

      // A key that needs a passphrase, without one: also kept out.
      p.keys.publish(Map.of("private.pem", Fixtures.bytes("rsa2048-pkcs8-encrypted.pem")));
      await()
          .atMost(WITHIN)
          .until(() -> p.metrics().contains("flows_proxy_key_reload_failures_total 2.0"));
      assertThat(p.post("/flow", p.seal(request(), KEY_A)).statusCode()).isEqualTo(200);

      // Then the good change arrives.
      p.keys.publish(Map.of("private.pem", pem));
      await()
          .atMost(WITHIN)
          .until(() -> p.post("/flow", p.seal(request(), KEY_B)).statusCode() == 200);

      List<String> warnings =
          logs.lines().stream().filter(l -> l.contains("keeping what was loaded before")).toList();
      assertThat(warnings).hasSize(2);
      assertThat(warnings.get(0)).contains("private.pem");
      assertThat(warnings.get(1)).contains("passphrase");
      assertNothingSecretIn(logs.lines());
    }
  }

  @Test
  void anEncryptedKeyOpensWithThePassphraseFileAndAWrongPassphraseKeepsTheKey() throws Exception {
    Path passphrase = Files.writeString(root.resolve("passphrase"), Fixtures.PASSPHRASE + "\n");
    try (CapturedLogs logs = new CapturedLogs("dev.waflows.operator");
        RunningProxy p =
            RunningProxy.start(
                root,
                Map.of("private.pem", Fixtures.bytes("rsa2048-pkcs8-encrypted.pem")),
                "--passphrase-file=" + passphrase)) {
      assertThat(p.proxy.isReady()).isTrue();
      assertThat(p.post("/flow", p.seal(request(), KEY_A)).statusCode()).isEqualTo(200);

      Files.writeString(passphrase, "not-the-passphrase");
      await()
          .atMost(WITHIN)
          .until(() -> p.metrics().contains("flows_proxy_key_reload_failures_total 1.0"));
      assertThat(p.post("/flow", p.seal(request(), KEY_A)).statusCode()).isEqualTo(200);
      assertThat(String.join("\n", logs.lines()))
          .contains("passphrase does not decrypt")
          .doesNotContain("not-the-passphrase", Fixtures.PASSPHRASE);
      assertNothingSecretIn(logs.lines());
    }
  }

  @Test
  void aNewAppSecretIsAcceptedWithinFiveSecondsAndAnEmptyOneIsNot() throws Exception {
    try (CapturedLogs logs = new CapturedLogs("dev.waflows.operator");
        RunningProxy p = RunningProxy.start(root)) {
      byte[] body = p.seal(request(), KEY_A).body().toJson();
      byte[] newSecret = utf8("11112222333344445555666677778888");
      assertThat(p.post("/flow", body, RequestSignature.sign(newSecret, body)).statusCode())
          .isEqualTo(432);

      Files.write(p.appSecretFile, newSecret);
      await()
          .atMost(WITHIN)
          .until(
              () ->
                  p.post("/flow", body, RequestSignature.sign(newSecret, body)).statusCode()
                      == 200);
      assertThat(p.post("/flow", body, RequestSignature.sign(APP_SECRET, body)).statusCode())
          .isEqualTo(432);

      Files.write(p.appSecretFile, new byte[0]);
      await()
          .atMost(WITHIN)
          .until(() -> p.metrics().contains("flows_proxy_app_secret_reload_failures_total 1.0"));
      assertThat(p.post("/flow", body, RequestSignature.sign(newSecret, body)).statusCode())
          .isEqualTo(200);
      assertThat(String.join("\n", logs.lines()))
          .doesNotContain(new String(newSecret, StandardCharsets.UTF_8));
      assertNothingSecretIn(logs.lines());
    }
  }

  /** No key material, no app secret, no passphrase, no flow token, no request body. */
  static void assertNothingSecretIn(List<String> lines) {
    String text = String.join("\n", lines);
    List<String> secrets = new ArrayList<>();
    secrets.add(new String(APP_SECRET, StandardCharsets.UTF_8));
    secrets.add(new String(OLD_APP_SECRET, StandardCharsets.UTF_8));
    secrets.add(Fixtures.PASSPHRASE);
    secrets.add(FLOW_TOKEN);
    secrets.add("data_exchange");
    for (String fixture :
        List.of(
            "rsa2048-pkcs8.pem",
            "other-rsa2048-pkcs8.pem",
            "rsa2048-pkcs1-des3.pem",
            "rsa2048-pkcs8-encrypted.pem")) {
      for (String line :
          new String(Fixtures.bytes(fixture), StandardCharsets.US_ASCII).split("\n")) {
        if (line.length() >= 16 && !line.startsWith("-----") && !line.contains(":")) {
          secrets.add(line.strip());
        }
      }
    }
    secrets.add(
        Base64.getEncoder()
            .encodeToString(KEY_A.privateKey().orElseThrow().getEncoded())
            .substring(0, 40));
    for (String secret : secrets) {
      assertThat(text).as("the logs hold a secret").doesNotContain(secret);
    }
  }
}
