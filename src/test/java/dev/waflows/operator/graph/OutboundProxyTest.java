package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundProxyTest {

  private static final URI GRAPH = URI.create("https://graph.facebook.com/v24.0/1/x");

  @Test
  void noSettingsMeansDirect() {
    OutboundProxy proxy = OutboundProxy.fromEnvironment(Map.of(), new Properties());

    assertThat(route(proxy, GRAPH)).isEqualTo(Proxy.NO_PROXY);
    assertThat(proxy).hasToString("https direct; http direct");
    assertThat(route(OutboundProxy.NONE, GRAPH)).isEqualTo(Proxy.NO_PROXY);
  }

  @Test
  void theVariablesWinOverTheJvmPropertiesAndUpperCaseOverLowerCase() {
    Properties jvm = new Properties();
    jvm.setProperty("https.proxyHost", "jvm-proxy.corp");
    OutboundProxy proxy =
        OutboundProxy.fromEnvironment(
            Map.of("HTTPS_PROXY", "upper.corp:3128", "https_proxy", "http://lower.corp:3128"), jvm);

    assertThat(address(route(proxy, GRAPH))).isEqualTo("upper.corp:3128");
    assertThat(proxy.toString()).startsWith("https via upper.corp:3128 from HTTPS_PROXY;");
    assertThat(
            address(
                route(
                    OutboundProxy.fromEnvironment(
                        Map.of("https_proxy", "http://lower.corp:3128"), jvm),
                    GRAPH)))
        .isEqualTo("lower.corp:3128");
  }

  @Test
  void theJvmPropertiesApplyWithTheirDefaultsAndTheirOwnExclusions() {
    Properties jvm = new Properties();
    jvm.setProperty("https.proxyHost", "jvm-proxy.corp");
    jvm.setProperty("http.proxyHost", "jvm-proxy.corp");
    jvm.setProperty("http.proxyPort", "8080");
    OutboundProxy proxy = OutboundProxy.fromEnvironment(Map.of("NO_PROXY", "*"), jvm);

    assertThat(address(route(proxy, GRAPH)))
        .as("https.proxyPort defaults to 443")
        .isEqualTo("jvm-proxy.corp:443");
    assertThat(address(route(proxy, URI.create("http://fake-graph:8080/v24.0"))))
        .isEqualTo("jvm-proxy.corp:8080");
    assertThat(route(proxy, URI.create("https://localhost:8443/")))
        .as("the JVM's default nonProxyHosts, not NO_PROXY")
        .isEqualTo(Proxy.NO_PROXY);
  }

  @Test
  void eachSchemeHasItsOwnProxyAndAUrlWithoutPortUsesPort80() {
    OutboundProxy proxy =
        OutboundProxy.fromEnvironment(Map.of("HTTP_PROXY", "http://plain.corp"), new Properties());

    assertThat(route(proxy, GRAPH)).isEqualTo(Proxy.NO_PROXY);
    assertThat(address(route(proxy, URI.create("http://fake-graph/v24.0"))))
        .isEqualTo("plain.corp:80");
  }

  @Test
  void noProxyIsHonouredForTheTargetHostAndPort() {
    OutboundProxy proxy =
        OutboundProxy.fromEnvironment(
            Map.of(
                "HTTPS_PROXY",
                "http://proxy.corp:3128",
                "NO_PROXY",
                ".svc,10.0.0.0/8,graph.test:8443"),
            new Properties());

    assertThat(route(proxy, URI.create("https://fake.flows.svc/x"))).isEqualTo(Proxy.NO_PROXY);
    assertThat(route(proxy, URI.create("https://10.96.0.1/x"))).isEqualTo(Proxy.NO_PROXY);
    assertThat(route(proxy, URI.create("https://graph.test:8443/x"))).isEqualTo(Proxy.NO_PROXY);
    assertThat(address(route(proxy, URI.create("https://graph.test/x"))))
        .isEqualTo("proxy.corp:3128");
    assertThat(address(route(proxy, GRAPH))).isEqualTo("proxy.corp:3128");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:s3cretPass@proxy.corp:3128",
        "socks5://user:s3cretPass@proxy.corp:1080",
        "http://user:s3cretPass@:3128",
        "http://user:s3cretPass@proxy corp:3128"
      })
  void unusableProxyUrlsAreRefusedWithoutEchoingThem(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> OutboundProxy.fromEnvironment(Map.of("HTTPS_PROXY", url), new Properties()))
        .withMessageStartingWith("HTTPS_PROXY is not a usable proxy URL")
        .withMessageNotContaining("s3cretPass");
  }

  @Test
  void aBadJvmProxyPortIsRefused() {
    Properties jvm = new Properties();
    jvm.setProperty("https.proxyHost", "proxy.corp");
    jvm.setProperty("https.proxyPort", "70000");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> OutboundProxy.fromEnvironment(Map.of(), jvm))
        .withMessageContaining("https.proxyPort");
  }

  private static Proxy route(OutboundProxy proxy, URI uri) {
    List<Proxy> chosen = proxy.selector().select(uri);
    assertThat(chosen).hasSize(1);
    return chosen.get(0);
  }

  private static String address(Proxy proxy) {
    InetSocketAddress address = (InetSocketAddress) proxy.address();
    return address.getHostString() + ":" + address.getPort();
  }
}
