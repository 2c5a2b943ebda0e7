package dev.waflows.operator.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.KeySecretReference;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.graph.AllowedBaseUrls;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpecCheckTest {

  private static FlowsEncryptionKeySpec spec(List<String> ids) {
    FlowsEncryptionKeySpec s = new FlowsEncryptionKeySpec();
    s.setPhoneNumberIds(ids);
    s.setKeySecretRef(new KeySecretReference("shop-flows-key"));
    s.setAccessTokenSecretRef(new SecretKeySelector("whatsapp-system-user", null));
    return s;
  }

  @Test
  void aCompleteSpecHasNoProblem() {
    assertThat(SpecCheck.problems(spec(List.of("106540352242922", "106540352242923")))).isEmpty();
  }

  @Test
  void namesEachBadPhoneNumberId() {
    assertThat(SpecCheck.problems(spec(List.of("12a", "1", "1", "123456789012345678901"))))
        .containsExactly(
            "spec.phoneNumberIds entry \"12a\" is not 1 to 20 digits",
            "spec.phoneNumberIds lists 1 more than once",
            "spec.phoneNumberIds entry \"123456789012345678901\" is not 1 to 20 digits");
  }

  @Test
  void boundsTheNumberOfIds() {
    assertThat(SpecCheck.problems(spec(List.of())))
        .containsExactly("spec.phoneNumberIds must list at least one phone number ID");
    List<String> many =
        new ArrayList<>(IntStream.range(0, 201).mapToObj(i -> "" + (1000 + i)).toList());
    assertThat(SpecCheck.problems(spec(many)))
        .containsExactly("spec.phoneNumberIds lists 201 entries; at most 200");
  }

  @Test
  void refusesAShortIntervalAndMissingReferences() {
    FlowsEncryptionKeySpec s = spec(List.of("1"));
    s.setVerifyInterval("30s");
    s.setAccessTokenSecretRef(null);
    assertThat(SpecCheck.problems(s))
        .containsExactly(
            "spec.accessTokenSecretRef.name is required",
            "verifyInterval 30s is under the minimum of 1m");
  }

  @Test
  void defaultsApplyToAValidSpec() {
    var result =
        SpecCheck.check(
            spec(List.of("1")),
            dev.waflows.operator.graph.GraphEndpoint.DEFAULT,
            AllowedBaseUrls.defaults());
    var effective = result.spec().orElseThrow();
    assertThat(effective.mode()).isEqualTo(dev.waflows.operator.api.Mode.Register);
    assertThat(effective.interval()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(effective.endpoint().baseUrl()).isEqualTo("https://graph.facebook.com");
    assertThat(effective.endpoint().version()).isEqualTo("v24.0");
  }

  @Test
  void aBadGraphEndpointIsASpecProblem() {
    FlowsEncryptionKeySpec s = spec(List.of("1"));
    s.setGraphApi(new dev.waflows.operator.api.GraphApiSpec("v21.0", "ftp://graph.example"));
    var result =
        SpecCheck.check(
            s, dev.waflows.operator.graph.GraphEndpoint.DEFAULT, AllowedBaseUrls.defaults());
    assertThat(result.spec()).isEmpty();
    assertThat(result.problems()).singleElement().asString().startsWith("spec.graphApi: ");
  }
}
