package dev.waflows.operator.reconciler.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.EndpointSpec;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.endpoint.EndpointUrls;
import org.junit.jupiter.api.Test;

class EndpointSpecCheckTest {

  private static final EndpointUrls DEFAULT = EndpointUrls.namespaceServicesOnly();

  @Test
  void noEndpointIsNoProblem() {
    EndpointSpecCheck.Result r = EndpointSpecCheck.check(null, "shop", DEFAULT);
    assertThat(r.url()).isEmpty();
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void aServiceOfTheOwnNamespaceIsProbed() {
    EndpointSpecCheck.Result r =
        EndpointSpecCheck.check(
            new EndpointSpec(" http://flows.shop.svc:8787/flows ", null), "shop", DEFAULT);
    assertThat(r.url()).contains("http://flows.shop.svc:8787/flows");
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void whatCannotBeUsedIsSaidAndNothingIsProbed() {
    assertThat(EndpointSpecCheck.check(new EndpointSpec(null, null), "shop", DEFAULT).problems())
        .containsExactly("spec.endpoint.url is required");
    assertThat(
            EndpointSpecCheck.check(
                    new EndpointSpec("http://flows.shop.svc/", new SecretKeySelector("", null)),
                    "shop",
                    DEFAULT)
                .problems())
        .containsExactly("spec.endpoint.appSecretRef.name is required when appSecretRef is set");
    EndpointSpecCheck.Result other =
        EndpointSpecCheck.check(
            new EndpointSpec("http://flows.billing.svc/", null), "shop", DEFAULT);
    assertThat(other.url()).isEmpty();
    assertThat(other.problems()).singleElement().asString().contains("not allowed");
  }
}
