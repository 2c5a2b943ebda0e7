package dev.waflows.operator.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.management.AccessDecisionsTest.FakeReviewer;
import dev.waflows.operator.testing.CapturedLogs;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A certificate from a mounted kubernetes.io/tls Secret, as cert-manager writes and renews it. */
class MountedCertificateTest {

  @TempDir Path dir;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private static HeldCertificate rsa(String cn) {
    return new HeldCertificate.Builder()
        .commonName(cn)
        .addSubjectAlternativeName("localhost")
        .rsa2048()
        .build();
  }

  private static HeldCertificate ecdsa(String cn) {
    return new HeldCertificate.Builder()
        .commonName(cn)
        .addSubjectAlternativeName("localhost")
        .ecdsa256()
        .build();
  }

  private void mount(String crt, String key) throws IOException {
    Files.writeString(dir.resolve("tls.crt"), crt);
    Files.writeString(dir.resolve("tls.key"), key);
  }

  private SecureMetricsServer start(Duration checkPeriod) throws IOException {
    return SecureMetricsServer.startWatching(
        0,
        dir,
        new AccessDecisions(new FakeReviewer(), AccessDecisions.Settings.defaults()),
        registry,
        checkPeriod);
  }

  @Test
  void readsPkcs1RsaPkcs8AndEcKeysWithTheirChains() throws Exception {
    HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate leaf =
        new HeldCertificate.Builder()
            .commonName("leaf")
            .addSubjectAlternativeName("localhost")
            .rsa2048()
            .signedBy(root)
            .build();
    for (String key : new String[] {leaf.privateKeyPkcs1Pem(), leaf.privateKeyPkcs8Pem()}) {
      ServingCertificate c =
          ServingCertificate.fromPem(
              dir,
              (leaf.certificatePem() + root.certificatePem()).getBytes(StandardCharsets.US_ASCII),
              key.getBytes(StandardCharsets.US_ASCII));
      assertThat(c.chain()).containsExactly(leaf.certificate(), root.certificate());
      assertThat(c.key().getAlgorithm()).isEqualTo("RSA");
    }
    HeldCertificate ec = ecdsa("ec");
    assertThat(
            ServingCertificate.fromPem(
                    dir,
                    ec.certificatePem().getBytes(StandardCharsets.US_ASCII),
                    ec.privateKeyPkcs8Pem().getBytes(StandardCharsets.US_ASCII))
                .key()
                .getAlgorithm())
        .isEqualTo("EC");
  }

  @Test
  void aKeyThatIsNotTheCertificatesOrNoPemIsRefusedWithoutQuotingIt() {
    HeldCertificate a = rsa("a");
    HeldCertificate b = rsa("b");
    byte[] crt = a.certificatePem().getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(
            () ->
                ServingCertificate.fromPem(
                    dir, crt, b.privateKeyPkcs8Pem().getBytes(StandardCharsets.US_ASCII)))
        .hasMessage(dir.resolve("tls.key") + ": not the key of the certificate in tls.crt");
    String secretish = "not-a-key-but-secret-" + System.nanoTime();
    assertThatThrownBy(
            () ->
                ServingCertificate.fromPem(dir, crt, secretish.getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("tls.key")
        .hasMessageNotContaining(secretish);
    assertThatThrownBy(
            () ->
                ServingCertificate.fromPem(
                    dir,
                    secretish.getBytes(StandardCharsets.US_ASCII),
                    a.privateKeyPkcs8Pem().getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("tls.crt")
        .hasMessageNotContaining(secretish);
  }

  @Test
  void servesTheMountedCertificateAndARenewedOneWithoutARestart() throws Exception {
    HeldCertificate first = rsa("first");
    mount(first.certificatePem(), first.privateKeyPkcs1Pem());
    try (SecureMetricsServer server = start(Duration.ofMillis(100))) {
      assertThat(new Https(first.certificate()).served(server.port()))
          .isEqualTo(first.certificate());

      HeldCertificate renewed = ecdsa("renewed");
      try (CapturedLogs logs = new CapturedLogs("dev.waflows.operator.management")) {
        // Half written (the key of the old pair under the new certificate): the old one stays.
        mount(renewed.certificatePem(), first.privateKeyPkcs8Pem());
        await()
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> logs.lines().stream().anyMatch(l -> l.contains("keeping what was loaded")));
        assertThat(new Https(first.certificate()).served(server.port()))
            .isEqualTo(first.certificate());

        mount(renewed.certificatePem(), renewed.privateKeyPkcs8Pem());
        Https trustsRenewed = new Https(renewed.certificate());
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .ignoreExceptions()
            .until(() -> trustsRenewed.served(server.port()).equals(renewed.certificate()));
        assertThat(String.join("\n", logs.lines()))
            .doesNotContain("PRIVATE KEY", renewed.privateKeyPkcs8Pem().substring(40, 80));
      }
    }
  }

  @Test
  void aMissingCertificateStopsTheStart() {
    assertThatThrownBy(() -> start(Duration.ofSeconds(10)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot be read");
  }
}
