package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoProxyHostsTest {

  @ParameterizedTest(name = "NO_PROXY={0}: {1}:{2} direct {3}")
  @CsvSource(
      delimiter = ';',
      value = {
        "*; graph.facebook.com; 443; true",
        "example.com; example.com; 443; true",
        "example.com; api.example.com; 443; true",
        ".example.com; api.example.com; 443; true",
        ".example.com; example.com; 443; true",
        "*.example.com; api.example.com; 443; true",
        "example.com; notexample.com; 443; false",
        "example.com; example.com.evil.test; 443; false",
        "EXAMPLE.com; Example.COM; 443; true",
        "example.com:8443; example.com; 8443; true",
        "example.com:8443; example.com; 443; false",
        "10.0.0.0/8; 10.96.0.1; 443; true",
        "10.0.0.0/8; 11.0.0.1; 443; false",
        "10.0.0.0/8; ten.example; 443; false",
        "192.168.1.10; 192.168.1.10; 443; true",
        "192.168.1.10; 192.168.1.11; 443; false",
        "::1; [::1]; 443; true",
        "[::1]:8443; ::1; 8443; true",
        "fd00::/8; fd12::1; 443; true",
        "' graph.test , localhost '; localhost; 443; true",
        "''; localhost; 443; false"
      })
  void readsNoProxyAsCurlAndGoDo(String noProxy, String host, int port, boolean direct) {
    assertThat(NoProxyHosts.fromNoProxy(noProxy).bypasses(host, port)).isEqualTo(direct);
  }

  @ParameterizedTest(name = "http.nonProxyHosts={0}: {1} direct {2}")
  @CsvSource(
      delimiter = ';',
      value = {
        "*.corp.example|localhost; api.corp.example; true",
        "*.corp.example|localhost; corp.example; false",
        "*.corp.example|localhost; LOCALHOST; true",
        "10.*; 10.1.2.3; true",
        "graph.*; graph.facebook.com; true",
        "graph.*; api.graph.facebook.com; false"
      })
  void readsTheJvmNonProxyHosts(String nonProxyHosts, String host, boolean direct) {
    assertThat(NoProxyHosts.fromNonProxyHosts(nonProxyHosts).bypasses(host, 443)).isEqualTo(direct);
  }

  @ParameterizedTest
  @CsvSource({"localhost, true", "127.0.0.1, true", "[::1], true", "graph.facebook.com, false"})
  void withoutNonProxyHostsTheJvmDefaultHolds(String host, boolean direct) {
    assertThat(NoProxyHosts.fromNonProxyHosts(null).bypasses(host, 443)).isEqualTo(direct);
  }
}
