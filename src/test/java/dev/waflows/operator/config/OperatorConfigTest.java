package dev.waflows.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void defaults() {
    OperatorConfig c = OperatorConfig.load(new String[0], Map.of());
    assertThat(c.namespaces()).isEmpty();
    assertThat(c.graphBaseUrl()).isEqualTo("https://graph.facebook.com");
    assertThat(c.graphApiVersion()).isEqualTo("v24.0");
    assertThat(c.graphAllowedBaseUrls().prefixes()).containsExactly("https://graph.facebook.com");
    assertThat(c.graphRequestsPerSecond()).isEqualTo(20.0);
    assertThat(c.graphMaxConcurrentRequests()).isEqualTo(8);
    assertThat(c.graphCallTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.metricsSecure()).as("secure by default").isTrue();
    assertThat(c.metricsPort()).isEqualTo(8443);
    assertThat(c.metricsCertDir()).as("self-signed").isEmpty();
    assertThat(c.logFormat()).isEqualTo(OperatorConfig.LogFormat.TEXT);
    assertThat(c.leaderElection()).isTrue();
    assertThat(c.leaderElectionNamespace()).isEqualTo("flows-system");
  }

  @Test
  void flagsWinOverEnvironment() {
    OperatorConfig c =
        OperatorConfig.load(
            new String[] {"--graph-api-version=v22.0", "--namespaces=shop, billing"},
            Map.of(
                "GRAPH_API_VERSION", "v20.0",
                "LOG_FORMAT", "JSON",
                "LEADER_ELECTION", "false",
                "POD_NAMESPACE", "ops"));
    assertThat(c.graphApiVersion()).isEqualTo("v22.0");
    assertThat(c.namespaces()).isEqualTo(Set.of("shop", "billing"));
    assertThat(c.logFormat()).isEqualTo(OperatorConfig.LogFormat.JSON);
    assertThat(c.leaderElection()).isFalse();
    assertThat(c.leaderElectionNamespace()).isEqualTo("ops");
  }

  @Test
  void metricsCanMoveToAnotherPortACertificateOrBackToPlainHttp() {
    OperatorConfig c =
        OperatorConfig.load(
            new String[] {"--metrics-port=9443"},
            Map.of("METRICS_CERT_DIR", "/etc/metrics-tls", "METRICS_SECURE", "true"));
    assertThat(c.metricsPort()).isEqualTo(9443);
    assertThat(c.metricsCertDir()).isEqualTo("/etc/metrics-tls");
    assertThat(
            OperatorConfig.load(new String[0], Map.of("METRICS_SECURE", "false")).metricsSecure())
        .isFalse();
    assertThatThrownBy(() -> OperatorConfig.load(new String[] {"--metrics-port=70000"}, Map.of()))
        .hasMessageContaining("--metrics-port (METRICS_PORT)");
    assertThatThrownBy(() -> OperatorConfig.load(new String[] {"--metrics-secure=yes"}, Map.of()))
        .hasMessageContaining("--metrics-secure (METRICS_SECURE)");
  }

  @Test
  void theDefaultBaseUrlIsAlwaysAllowed() {
    OperatorConfig c =
        OperatorConfig.load(
            new String[] {"--graph-base-url=http://graph-proxy.flows-system:8080"},
            Map.of(
                "GRAPH_ALLOWED_BASE_URLS", "https://graph.facebook.com,https://proxy.example/g"));

    assertThat(c.graphAllowedBaseUrls().prefixes())
        .containsExactly(
            "https://graph.facebook.com",
            "https://proxy.example/g",
            "http://graph-proxy.flows-system:8080");
  }

  @Test
  void endpointAllowedUrlsAddToTheNamespaceServices() {
    assertThat(OperatorConfig.load(new String[0], Map.of()).endpointAllowedUrls().additions())
        .isEmpty();
    OperatorConfig c =
        OperatorConfig.load(
            new String[0],
            Map.of("ENDPOINT_ALLOWED_URLS", "https://flows.shop.example/, https://x.example/f"));
    assertThat(c.endpointAllowedUrls().additions())
        .containsExactly("https://flows.shop.example", "https://x.example/f");
    assertThatThrownBy(
            () -> OperatorConfig.load(new String[] {"--endpoint-allowed-urls=ftp://x"}, Map.of()))
        .hasMessageStartingWith("--endpoint-allowed-urls (ENDPOINT_ALLOWED_URLS): ");
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(
            () -> OperatorConfig.load(new String[] {"--graph-allowed-base-urls=ftp://x"}, Map.of()))
        .hasMessageStartingWith(
            "--graph-allowed-base-urls (GRAPH_ALLOWED_BASE_URLS): allowed base URL: ");
    assertThatThrownBy(() -> OperatorConfig.load(new String[] {"--http-port=x"}, Map.of()))
        .hasMessage("--http-port (HTTP_PORT) must be a positive number, got x");
    assertThatThrownBy(() -> OperatorConfig.load(new String[] {"--nope=1"}, Map.of()))
        .hasMessage("unknown option --nope");
    assertThatThrownBy(() -> OperatorConfig.load(new String[0], Map.of("LOG_FORMAT", "xml")))
        .hasMessageContaining("--log-format (LOG_FORMAT) must be one of [text, json]");
  }

  @Test
  void helpListsEveryOptionWithItsEnvironmentVariableDefaultAndDescription() {
    String help = OperatorConfig.help();
    for (ConfigOption o : OperatorConfig.ALL) {
      String defaultValue = o.defaultValue().isEmpty() ? "\"\"" : o.defaultValue();
      assertThat(help)
          .as(o.flag())
          .contains(
              "  --"
                  + o.flag()
                  + "=<value>\n      env "
                  + o.env()
                  + ", default "
                  + defaultValue
                  + "\n      "
                  + o.description()
                  + "\n");
    }
    assertThat(help).startsWith("Usage: ").contains("--help");
  }

  @Test
  void helpIsAskedForWithDashDashHelpOrDashH() {
    assertThat(OperatorConfig.wantsHelp(new String[] {"--help"})).isTrue();
    assertThat(OperatorConfig.wantsHelp(new String[] {"--log-level=debug", "-h"})).isTrue();
    assertThat(OperatorConfig.wantsHelp(new String[] {"--log-level=debug"})).isFalse();
    assertThatThrownBy(() -> OperatorConfig.load(new String[] {"--help"}, Map.of()))
        .as("load itself does not know --help: Main checks first")
        .hasMessage("expected --name=value, got --help");
  }
}
