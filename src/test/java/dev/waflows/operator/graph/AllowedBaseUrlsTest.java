package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedBaseUrlsTest {

  private static final AllowedBaseUrls LIST =
      AllowedBaseUrls.parse(
          "https://graph.facebook.com, https://proxy.example:8443/meta/graph/,"
              + " http://127.0.0.1:18080",
          null);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // exactly a listed prefix, in any spelling the endpoint accepts
    "https://graph.facebook.com, true",
    "https://graph.facebook.com/, true",
    "HTTPS://GRAPH.Facebook.COM, true",
    "https://graph.facebook.com:443, true",
    // below a listed prefix at a segment boundary
    "https://graph.facebook.com/anything, true",
    "https://proxy.example:8443/meta/graph, true",
    "https://proxy.example:8443/meta/graph/v1, true",
    "https://proxy.example:8443/meta/graph/../graph, true",
    "https://proxy.example:8443/meta/graph/%2E%2E/graph/v1, true",
    "https://proxy.example:8443/meta/gr%61ph, true",
    "http://127.0.0.1:18080, true",
    // another host that merely starts or ends like a listed one
    "https://graph.facebook.com.evil.example, false",
    "https://evil.example/graph.facebook.com, false",
    "https://graph.facebook.co, false",
    "https://evilgraph.facebook.com, false",
    "https://sub.graph.facebook.com, false",
    // same host, other scheme or port
    "http://graph.facebook.com, false",
    "https://graph.facebook.com:8443, false",
    "https://graph.facebook.com:80, false",
    "https://proxy.example/meta/graph, false",
    "http://127.0.0.1:18081, false",
    "http://localhost:18080, false",
    // same host and port, path not under the prefix
    "https://proxy.example:8443/meta/graphx, false",
    "https://proxy.example:8443/meta, false",
    "https://proxy.example:8443/meta/graph/../admin, false",
    "https://proxy.example:8443/meta/graph/%2e%2e/admin, false",
    "https://proxy.example:8443/meta/graph%2F..%2Fadmin, false",
    "https://proxy.example:8443/Meta/Graph, false",
    "https://proxy.example:8443//meta/graph, false",
    // separators hidden from the parser, which a server further on may decode
    "https://proxy.example:8443/meta/graph/..%2Fadmin, false",
    "https://proxy.example:8443/meta/graph/..%2fadmin, false",
    "https://proxy.example:8443/meta/graph/%2e%2e%2fadmin, false",
    "https://proxy.example:8443/meta/graph/..%5Cadmin, false",
    "https://proxy.example:8443/meta/graph/..%252Fadmin, false",
    "https://proxy.example:8443/meta/graph/%252e%252e/admin, false",
    "https://graph.facebook.com/..%2F..%2Finternal, false",
    // addresses inside the cluster
    "http://169.254.169.254/latest, false",
    "https://kubernetes.default.svc, false"
  })
  void matchesSchemeHostPortExactlyAndPathsAtSegmentBoundaries(String baseUrl, boolean allowed) {
    assertThat(LIST.allows(GraphEndpoint.of(baseUrl, null, null))).isEqualTo(allowed);
  }

  @Test
  void userInfoNeverReachesTheList() {
    // GraphEndpoint refuses it before anyone could ask; a prefix cannot hold it either.
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GraphEndpoint.of("https://graph.facebook.com@evil.example", null, null));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AllowedBaseUrls.parse("https://user:pw@graph.facebook.com", null))
        .withMessageNotContaining("pw");
  }

  @Test
  void theOperatorDefaultBaseUrlIsAlwaysAllowed() {
    AllowedBaseUrls list = AllowedBaseUrls.parse("", "http://graph-proxy.flows-system:8080");

    assertThat(list.prefixes()).containsExactly("http://graph-proxy.flows-system:8080");
    assertThat(list.allows(GraphEndpoint.of("http://graph-proxy.flows-system:8080", null, null)))
        .isTrue();
    assertThat(list.allows(GraphEndpoint.DEFAULT)).isFalse();
    assertThat(
            AllowedBaseUrls.parse(
                " , HTTPS://Graph.Facebook.com:443/ ,", "https://graph.facebook.com"))
        .isEqualTo(AllowedBaseUrls.defaults());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "graph.facebook.com",
        "ftp://graph.facebook.com",
        "https://graph.facebook.com/?x=1",
        "https://graph.facebook.com#x",
        "https://proxy.example/meta%2Fgraph",
        "https://proxy.example/meta/%252e%252e",
        "https://"
      })
  void refusesEntriesThatAreNotUrlPrefixes(String entry) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> AllowedBaseUrls.parse("https://graph.facebook.com," + entry, null))
        .withMessageStartingWith("allowed base URL: ");
  }

  @Test
  void theRefusalOfAnEncodedSeparatorSaysSo() {
    String message =
        LIST.refusal(
            GraphEndpoint.of("https://proxy.example:8443/meta/graph/..%2Fadmin", null, null));

    assertThat(message)
        .isEqualTo(
            "Graph API baseUrl \"https://proxy.example:8443/meta/graph/..%2Fadmin\" has an encoded"
                + " separator or percent sign in its path (%2F, %5C or %25), which a server further"
                + " on may read as another path; no request was sent");
  }

  @Test
  void refusesAnEmptyList() {
    assertThatIllegalArgumentException().isThrownBy(() -> AllowedBaseUrls.parse(" , ", null));
    assertThatIllegalArgumentException().isThrownBy(() -> AllowedBaseUrls.of(List.of()));
  }

  @Test
  void theRefusalSaysWhatIsAllowed() {
    String message =
        AllowedBaseUrls.defaults()
            .refusal(GraphEndpoint.of("https://graph.facebook.com.evil.example/x", null, null));

    assertThat(message)
        .isEqualTo(
            "Graph API baseUrl \"https://graph.facebook.com.evil.example/x\" is not on the"
                + " operator's allow-list (GRAPH_ALLOWED_BASE_URLS): https://graph.facebook.com;"
                + " no request was sent");
  }
}
