package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GraphEndpointTest {

  @Test
  void defaultsAreMetasHostAndV24() {
    assertThat(GraphEndpoint.DEFAULT)
        .isEqualTo(new GraphEndpoint("https://graph.facebook.com", "v24.0"));
    assertThat(GraphEndpoint.of(null, null, null)).isEqualTo(GraphEndpoint.DEFAULT);
  }

  @Test
  void blankValuesFallBackToTheGivenDefaults() {
    GraphEndpoint operatorDefault = new GraphEndpoint("http://proxy:8080/graph", "v22.0");

    assertThat(GraphEndpoint.of(" ", "", operatorDefault)).isEqualTo(operatorDefault);
    assertThat(GraphEndpoint.of(null, "v23.0", operatorDefault))
        .isEqualTo(new GraphEndpoint("http://proxy:8080/graph", "v23.0"));
    assertThat(GraphEndpoint.of("https://x.example", null, operatorDefault))
        .isEqualTo(new GraphEndpoint("https://x.example", "v22.0"));
  }

  @ParameterizedTest
  @CsvSource({
    "https://graph.facebook.com/, https://graph.facebook.com",
    "' https://graph.facebook.com// ', https://graph.facebook.com",
    "http://127.0.0.1:8080, http://127.0.0.1:8080",
    "HTTPS://proxy.example/meta/graph/, HTTPS://proxy.example/meta/graph"
  })
  void normalizesBaseUrls(String given, String expected) {
    assertThat(new GraphEndpoint(given, "v21.0").baseUrl()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "graph.facebook.com",
        "ftp://graph.facebook.com",
        "file:///etc/passwd",
        "https://",
        "https://graph.facebook.com/?x=1",
        "https://graph.facebook.com?",
        "https://graph.facebook.com/#frag",
        "https://user:secret@graph.facebook.com",
        "https://graph facebook.com",
        "javascript:alert(1)"
      })
  void refusesBadBaseUrls(String baseUrl) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new GraphEndpoint(baseUrl, "v21.0"))
        .withMessageContaining("baseUrl");
  }

  @Test
  void userInfoIsNotEchoed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new GraphEndpoint("https://user:secret@graph.facebook.com", "v21.0"))
        .withMessageNotContaining("secret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"21.0", "v21", "v21.0.1", "V21.0", "v21.0/../me", "latest", "v.0"})
  void refusesBadVersions(String version) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GraphEndpoint.of(null, version, null))
        .withMessageContaining("version");
  }

  @Test
  void acceptsOtherVersions() {
    assertThat(GraphEndpoint.of(null, " v9.12 ", null).version()).isEqualTo("v9.12");
  }
}
