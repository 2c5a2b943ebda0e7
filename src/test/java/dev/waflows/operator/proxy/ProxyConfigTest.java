package dev.waflows.operator.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waflows.operator.config.ConfigOption;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyConfigTest {

  private static final String UPSTREAM = "--upstream=http://127.0.0.1:3000";
  private static final String SECRET = "--app-secret-file=/etc/meta/app-secret";

  @Test
  void defaultsAreTheContracts() {
    ProxyConfig c = ProxyConfig.load(new String[] {UPSTREAM, SECRET}, Map.of());

    assertThat(c.port()).isEqualTo(8787);
    assertThat(c.managementPort()).isEqualTo(8788);
    assertThat(c.keyDir()).isEqualTo(Path.of("/etc/flows-key"));
    assertThat(c.passphraseFile()).isEmpty();
    assertThat(c.appSecretFile()).hasValue(Path.of("/etc/meta/app-secret"));
    assertThat(c.previousAppSecretFile()).isEmpty();
    assertThat(c.skipSignatureCheck()).isFalse();
    assertThat(c.upstream()).isEqualTo(URI.create("http://127.0.0.1:3000"));
    assertThat(c.upstreamTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(c.maxBodyBytes()).isEqualTo(1_048_576);
    assertThat(c.answerPing()).isFalse();
  }

  @Test
  void environmentVariablesAreReadAndFlagsWin() {
    Map<String, String> env =
        Map.of(
            "PROXY_PORT", "9000",
            "PROXY_UPSTREAM", "https://app.internal/flows",
            "PROXY_APP_SECRET_FILE", "/s/current",
            "PROXY_PREVIOUS_APP_SECRET_FILE", "/s/previous",
            "PROXY_PASSPHRASE_FILE", "/p/passphrase",
            "PROXY_UPSTREAM_TIMEOUT", "2500ms",
            "PROXY_MAX_BODY_BYTES", "2048",
            "PROXY_ANSWER_PING", "true",
            "PROXY_KEY_DIR", "/keys");

    ProxyConfig c = ProxyConfig.load(new String[] {"--port=9001"}, env);

    assertThat(c.port()).isEqualTo(9001);
    assertThat(c.upstream()).isEqualTo(URI.create("https://app.internal/flows"));
    assertThat(c.previousAppSecretFile()).hasValue(Path.of("/s/previous"));
    assertThat(c.passphraseFile()).hasValue(Path.of("/p/passphrase"));
    assertThat(c.upstreamTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.maxBodyBytes()).isEqualTo(2048);
    assertThat(c.answerPing()).isTrue();
    assertThat(c.keyDir()).isEqualTo(Path.of("/keys"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--port=http | --port (PROXY_PORT) must be a whole number from 0 to 65535, got http",
        "--port=70000 | --port (PROXY_PORT) must be a whole number from 0 to 65535, got 70000",
        "--management-port=-1 | --management-port (PROXY_MANAGEMENT_PORT) must be a whole number from"
            + " 0 to 65535, got -1",
        "--key-dir= | --key-dir (PROXY_KEY_DIR) must name a directory",
        "--upstream= | --upstream (PROXY_UPSTREAM) is required: the base URL of the app, e.g."
            + " http://127.0.0.1:3000",
        "--upstream=127.0.0.1:3000 | --upstream (PROXY_UPSTREAM) is not a URL: 127.0.0.1:3000",
        "--upstream=app:3000 | --upstream (PROXY_UPSTREAM) must be an http or https URL with a host"
            + " and no query or fragment, got app:3000",
        "--upstream=ftp://app | --upstream (PROXY_UPSTREAM) must be an http or https URL with a host"
            + " and no query or fragment, got ftp://app",
        "--upstream=http://app?x=1 | --upstream (PROXY_UPSTREAM) must be an http or https URL with a"
            + " host and no query or fragment, got http://app?x=1",
        "--upstream=http://user:hunter2@app | --upstream (PROXY_UPSTREAM) must not carry a user or"
            + " password",
        "--upstream=http://a b | --upstream (PROXY_UPSTREAM) is not a URL: http://a b",
        "--upstream-timeout=8 | --upstream-timeout (PROXY_UPSTREAM_TIMEOUT) must be a duration above"
            + " zero and at most 10000ms, such as 8s or 500ms, got 8",
        "--upstream-timeout=0s | --upstream-timeout (PROXY_UPSTREAM_TIMEOUT) must be a duration above"
            + " zero and at most 10000ms, such as 8s or 500ms, got 0s",
        "--upstream-timeout=11s | --upstream-timeout (PROXY_UPSTREAM_TIMEOUT) must be a duration above"
            + " zero and at most 10000ms, such as 8s or 500ms, got 11s",
        "--max-body-bytes=0 | --max-body-bytes (PROXY_MAX_BODY_BYTES) must be a whole number from 1 to"
            + " 2147483639, got 0",
        "--max-body-bytes=1MB | --max-body-bytes (PROXY_MAX_BODY_BYTES) must be a whole number from 1"
            + " to 2147483639, got 1MB",
        "--answer-ping=yes | --answer-ping (PROXY_ANSWER_PING) must be one of [true, false], got yes",
        "--insecure-skip-signature-check=1 | --insecure-skip-signature-check"
            + " (PROXY_INSECURE_SKIP_SIGNATURE_CHECK) must be one of [true, false], got 1",
        "--nope=1 | unknown option --nope",
        "upstream | expected --name=value, got upstream",
      })
  void aBadValueIsRefusedWithAMessageNamingTheOption(String flag, String message) {
    assertThatThrownBy(() -> ProxyConfig.load(new String[] {UPSTREAM, SECRET, flag}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void theAppSecretIsRequiredUnlessTheCheckIsSkippedExplicitly() {
    assertThatThrownBy(() -> ProxyConfig.load(new String[] {UPSTREAM}, Map.of()))
        .hasMessageStartingWith("--app-secret-file (PROXY_APP_SECRET_FILE) is required");
    assertThatThrownBy(
            () ->
                ProxyConfig.load(
                    new String[] {UPSTREAM, "--previous-app-secret-file=/s/old"}, Map.of()))
        .hasMessageStartingWith("--app-secret-file (PROXY_APP_SECRET_FILE) is required");

    ProxyConfig skipped =
        ProxyConfig.load(new String[] {UPSTREAM, "--insecure-skip-signature-check=true"}, Map.of());
    assertThat(skipped.skipSignatureCheck()).isTrue();
    assertThat(skipped.appSecretFile()).isEqualTo(Optional.empty());
  }

  @Test
  void helpListsEveryOption() {
    String help = ProxyConfig.help();
    for (ConfigOption o : ProxyConfig.ALL) {
      assertThat(help).contains("--" + o.flag() + "=", o.env(), o.description());
    }
  }

  @Test
  void docsReferenceNamesEveryOptionAndMetric() throws Exception {
    String doc = Files.readString(Path.of("docs/reference.md"));
    for (ConfigOption o : ProxyConfig.ALL) {
      assertThat(doc).contains("| `--" + o.flag() + "` | `" + o.env() + "` |");
    }
    for (Outcome outcome : Outcome.values()) {
      assertThat(doc).contains("`" + outcome.label + "`");
    }
    for (String series :
        List.of(
            "flows_proxy_requests_total",
            "flows_proxy_request_duration_seconds",
            "flows_proxy_upstream_duration_seconds",
            "flows_proxy_key_info",
            "flows_proxy_key_reload_failures_total",
            "flows_proxy_app_secret_reload_failures_total")) {
      assertThat(doc).contains("| `" + series + "` |");
    }
  }

  @Test
  void theAppSecretAndPassphraseFilesMustBeThereAtStartThePreviousAppSecretNeedNot(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("app-secret"), "s");
    String up = "--upstream=http://127.0.0.1:3000";
    String gone = dir.resolve("gone").toString();

    assertThat(
            ProxyConfig.load(
                    new String[] {
                      up, "--app-secret-file=" + secret, "--previous-app-secret-file=" + gone
                    },
                    Map.of())
                .requireFiles()
                .appSecretFile())
        .contains(secret);
    assertThatThrownBy(
            () ->
                ProxyConfig.load(
                        new String[] {
                          up, "--app-secret-file=" + secret, "--passphrase-file=" + gone
                        },
                        Map.of())
                    .requireFiles())
        .hasMessage(
            "--passphrase-file (PROXY_PASSPHRASE_FILE) names "
                + gone
                + ", which is not a readable file");
    assertThatThrownBy(
            () ->
                ProxyConfig.load(new String[] {up, "--app-secret-file=" + dir}, Map.of())
                    .requireFiles())
        .hasMessageContaining("--app-secret-file (PROXY_APP_SECRET_FILE) names " + dir);
  }
}
