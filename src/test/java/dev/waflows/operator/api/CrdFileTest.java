package dev.waflows.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class CrdFileTest {

  @Test
  void checkedInCrdIsWhatTheJavaTypesGenerate() throws Exception {
    String rendered = CrdFile.render();
    if (Boolean.getBoolean("crd.update")) {
      Files.writeString(CrdFile.CHECKED_IN, rendered);
    }
    assertThat(Files.readString(CrdFile.CHECKED_IN))
        .as("crds/ is stale: run mvn -Dcrd.update=true test -Dtest=CrdFileTest")
        .isEqualTo(rendered);
  }

  @Test
  void crdSaysWhatUsersRelyOn() throws Exception {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(CrdFile.CHECKED_IN), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getGroup()).isEqualTo("waflows.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("fek", "flowskey");
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName() + "@" + c.getPriority())
        .containsExactly("Ready@0", "Valid@0", "Mode@0", "Age@0", "Fingerprint@1");
    var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getRequired())
        .containsExactlyInAnyOrder("phoneNumberIds", "keySecretRef", "accessTokenSecretRef");
    var ids = spec.getProperties().get("phoneNumberIds");
    assertThat(ids.getMinItems()).isEqualTo(1L);
    assertThat(ids.getMaxItems()).isEqualTo(200L);
    assertThat(ids.getXKubernetesListType()).isEqualTo("set");
    assertThat(ids.getItems().getSchema().getPattern()).isEqualTo("^[0-9]{1,20}$");
    assertThat(spec.getProperties().get("mode").getEnum())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("\"Register\"", "\"Verify\"");
    // The operator never writes spec, and GitOps tools must see no drift: no schema defaults.
    assertThat(Files.readString(CrdFile.CHECKED_IN)).doesNotContain("default:");
  }
}
