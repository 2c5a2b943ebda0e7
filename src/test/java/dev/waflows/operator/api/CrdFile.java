package dev.waflows.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Produces {@code crds/flowsencryptionkeys.waflows.dev-v1.yml} from the CRD that Fabric8's
 * generator writes at build time, adding the two things its annotations cannot say: that phone
 * number IDs are a set (the API server then refuses duplicates) and the printer column order users
 * read in {@code kubectl get} (the generator sorts columns by JSON path).
 */
final class CrdFile {

  static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/flowsencryptionkeys.waflows.dev-v1.yml");
  static final Path CHECKED_IN = Path.of("crds/flowsencryptionkeys.waflows.dev-v1.yml");

  private static final List<String> COLUMN_ORDER =
      List.of("Ready", "Valid", "Mode", "Age", "Fingerprint");

  private CrdFile() {}

  static String render() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(GENERATED), CustomResourceDefinition.class);
    for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
      JSONSchemaProps spec = v.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
      spec.getProperties().get("phoneNumberIds").setXKubernetesListType("set");
      JSONSchemaProps status = v.getSchema().getOpenAPIV3Schema().getProperties().get("status");
      JSONSchemaProps conditions = status.getProperties().get("conditions");
      conditions.setXKubernetesListType("map");
      conditions.setXKubernetesListMapKeys(List.of("type"));
      conditions.getItems().getSchema().setRequired(List.of("type", "status"));
      v.getAdditionalPrinterColumns()
          .sort(
              Comparator.comparingInt(
                  (CustomResourceColumnDefinition c) -> COLUMN_ORDER.indexOf(c.getName())));
      v.getSchema()
          .getOpenAPIV3Schema()
          .setDescription(
              "An RSA-2048 key pair kept in a Secret and registered with Meta's Graph API as the"
                  + " WhatsApp Flows business public key of each listed phone number.");
    }
    return "# Generated from the Java types in dev.waflows.operator.api by Fabric8's CRD generator;\n"
        + "# regenerate with: mvn -Dcrd.update=true test -Dtest=CrdFileTest\n"
        + Serialization.asYaml(crd);
  }
}
