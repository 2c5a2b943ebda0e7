package dev.waflows.operator.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointUrlsTest {

  private static final EndpointUrls DEFAULT = EndpointUrls.namespaceServicesOnly();
  private static final EndpointUrls WITH_PUBLIC =
      EndpointUrls.parse("https://flows.shop.example/meta, http://127.0.0.1:18080");

  @ParameterizedTest(name = "{0} in shop -> {1}")
  @CsvSource({
    // a Service of the resource's own namespace, short or fully qualified, any port, any path
    "http://shop-flows.shop.svc:8787/flows, true",
    "https://shop-flows.shop.svc/flows, true",
    "http://shop-flows.shop.svc.cluster.local:8787, true",
    "HTTP://Shop-Flows.SHOP.svc:8787/flows, true",
    "http://shop-flows.shop.svc:8787/flows?tenant=1, true",
    // another namespace, or something that only looks like a Service of this one
    "http://shop-flows.billing.svc:8787/flows, false",
    "http://shop-flows.shop.svc.evil.example/flows, false",
    "http://a.b.shop.svc/flows, false",
    "http://shop.svc/flows, false",
    "http://.shop.svc/flows, false",
    "http://shop-flows.shop.svc.cluster.local.evil.example, false",
    "http://shop-flows.shop/flows, false",
    "http://shop-flows/flows, false",
    // addresses and public hosts are not Services
    "http://10.0.0.7:8787/flows, false",
    "http://127.0.0.1:18080/flows, false",
    "https://flows.shop.example/meta/flows, false",
    // user info, another scheme, not a URL
    "http://user:pw@shop-flows.shop.svc/flows, false",
    "ftp://shop-flows.shop.svc/flows, false",
    "not a url, false",
  })
  void byDefaultOnlyServicesOfTheOwnNamespace(String url, boolean allowed) {
    assertThat(DEFAULT.refusal(url, "shop")).as(url).matches(r -> r.isEmpty() == allowed);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://flows.shop.example/meta, true",
    "https://flows.shop.example/meta/flows, true",
    "https://FLOWS.shop.example:443/meta/flows, true",
    "http://127.0.0.1:18080/flows, true",
    "http://shop-flows.shop.svc:8787/flows, true",
    "https://flows.shop.example/metax, false",
    "https://flows.shop.example/flows, false",
    "http://flows.shop.example/meta/flows, false",
    "http://127.0.0.1:18081/flows, false",
    "http://u@127.0.0.1:18080/flows, false",
  })
  void theAllowListAddsPrefixes(String url, boolean allowed) {
    assertThat(WITH_PUBLIC.refusal(url, "shop")).as(url).matches(r -> r.isEmpty() == allowed);
  }

  @Test
  void aRefusalSaysWhatIsAllowedAndEchoesNoQueryNorUserInfo() {
    assertThat(DEFAULT.refusal("http://10.0.0.7:8787/flows?key=s3cr3t", "shop"))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("http://10.0.0.7:8787/flows")
                    .contains("<service>.shop.svc")
                    .contains("no request was sent")
                    .doesNotContain("s3cr3t"));
    assertThat(DEFAULT.refusal("http://admin:s3cr3t@x.shop.svc/", "shop"))
        .hasValueSatisfying(m -> assertThat(m).doesNotContain("s3cr3t"));
    assertThat(WITH_PUBLIC.refusal("https://evil.example/", "shop"))
        .hasValueSatisfying(m -> assertThat(m).contains("https://flows.shop.example/meta"));
  }
}
