package dev.waflows.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
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

  /** kubectl explain fek.spec, fek.status, fek.status.conditions and below: never empty. */
  @Test
  void kubectlExplainDescribesEveryFieldAndTimesAreDateTime() throws Exception {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(CrdFile.CHECKED_IN), CustomResourceDefinition.class);
    JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    List<String> undescribed = new ArrayList<>();
    List<String> times = new ArrayList<>();
    walk("fek", root, undescribed, times);
    assertThat(undescribed).as("fields kubectl explain shows without a description").isEmpty();
    assertThat(times)
        .contains(
            "fek.status.conditions[].lastTransitionTime",
            "fek.status.phoneNumbers[].lastRegisteredTime",
            "fek.status.nextRotationTime")
        .allSatisfy(
            path ->
                assertThat(format(root, path))
                    .as("%s is an RFC 3339 time", path)
                    .isEqualTo("date-time"));
  }

  private static void walk(
      String path, JSONSchemaProps schema, List<String> undescribed, List<String> times) {
    if (schema.getDescription() == null || schema.getDescription().isBlank()) {
      undescribed.add(path);
    }
    if (path.endsWith("Time")) {
      times.add(path);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((k, v) -> walk(path + "." + k, v, undescribed, times));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      walk(path + "[]", schema.getItems().getSchema(), undescribed, times);
    }
  }

  private static String format(JSONSchemaProps root, String path) {
    JSONSchemaProps s = root;
    for (String part : path.substring("fek.".length()).split("\\.")) {
      boolean item = part.endsWith("[]");
      s = s.getProperties().get(item ? part.substring(0, part.length() - 2) : part);
      if (item) {
        s = s.getItems().getSchema();
      }
    }
    return s.getFormat();
  }

  @Test
  void crdSaysWhatUsersRelyOn() throws Exception {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(CrdFile.CHECKED_IN), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getGroup()).isEqualTo("waflows.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    // Deleting the CRD deletes every resource: GitOps tools must never prune it.
    assertThat(crd.getMetadata().getAnnotations())
        .containsEntry("argocd.argoproj.io/sync-options", "Prune=false")
        .containsEntry("kustomize.toolkit.fluxcd.io/prune", "disabled");
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
