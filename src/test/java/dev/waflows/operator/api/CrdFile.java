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
import java.util.Map;

/**
 * Produces {@code crds/flowsencryptionkeys.waflows.dev-v1.yml} from the CRD that Fabric8's
 * generator writes at build time, adding what its annotations cannot say: that phone number IDs are
 * a set (the API server then refuses duplicates), the printer column order users read in {@code
 * kubectl get} (the generator sorts columns by JSON path), the descriptions {@code kubectl explain}
 * shows where no Java field carries one (spec, status, list items, and the Kubernetes Condition
 * type), and {@code format: date-time} for the RFC 3339 times (held as strings in Java).
 */
final class CrdFile {

  static final Path GENERATED =
      Path.of("target/classes/META-INF/fabric8/flowsencryptionkeys.waflows.dev-v1.yml");
  static final Path CHECKED_IN = Path.of("crds/flowsencryptionkeys.waflows.dev-v1.yml");

  private static final List<String> COLUMN_ORDER =
      List.of("Ready", "Valid", "Mode", "Age", "Fingerprint");

  /** Descriptions by schema path ("[]" for list items), for schemas no Java field describes. */
  private static final Map<String, String> DESCRIPTIONS =
      Map.ofEntries(
          Map.entry(
              "spec",
              "What the user asks for: the phone numbers, the Secrets holding the key, the token"
                  + " and the passphrase, and how the key is registered, verified and rotated."
                  + " The operator never writes here; an omitted field takes the default its"
                  + " description names."),
          Map.entry(
              "spec.phoneNumberIds[]",
              "A WhatsApp phone number ID (as WhatsApp Manager shows it): digits only."),
          Map.entry(
              "status",
              "What the operator observed and did, written only by the operator. No heartbeat"
                  + " timestamps: when each number was last checked is a metric."),
          Map.entry(
              "status.phoneNumbers[]",
              "What Graph last said about one phone number, and what the operator did."),
          Map.entry(
              "status.conditions[]", "One condition, as the Kubernetes API conventions define it."),
          Map.entry(
              "status.conditions[].type",
              "KeyReady, Registered, Ready, Reconciling, Stalled, Paused or EndpointReady."),
          Map.entry("status.conditions[].status", "True, False or Unknown."),
          Map.entry(
              "status.conditions[].reason",
              "CamelCase reason of the last transition (docs/reference.md lists them)."),
          Map.entry("status.conditions[].message", "Human-readable detail of the condition."),
          Map.entry("status.conditions[].lastTransitionTime", "When status last changed."),
          Map.entry(
              "status.conditions[].observedGeneration",
              "The spec generation this condition was computed from."));

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
      describe("", v.getSchema().getOpenAPIV3Schema());
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
    return HEADER + Serialization.asYaml(crd);
  }

  private static final String HEADER =
      "# Generated from the Java types in dev.waflows.operator.api by Fabric8's CRD generator;\n"
          + "# regenerate with: mvn -Dcrd.update=true test -Dtest=CrdFileTest\n";

  /** Adds the descriptions above and date-time formats, depth first. */
  private static void describe(String path, JSONSchemaProps schema) {
    String description = DESCRIPTIONS.get(path);
    if (description != null) {
      schema.setDescription(description);
    }
    if (path.endsWith("Time") && "string".equals(schema.getType())) {
      schema.setFormat("date-time");
    }
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach((name, child) -> describe(path.isEmpty() ? name : path + "." + name, child));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      describe(path + "[]", schema.getItems().getSchema());
    }
  }
}
