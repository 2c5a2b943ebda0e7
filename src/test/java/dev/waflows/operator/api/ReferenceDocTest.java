package dev.waflows.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/reference.md names every field of the CRD, every reason and every condition type. */
class ReferenceDocTest {

  private static final Path DOC = Path.of("docs/reference.md");

  @Test
  void everyFieldOfTheCrdIsDocumented() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(CrdFile.CHECKED_IN), CustomResourceDefinition.class);
    Map<String, JSONSchemaProps> top =
        crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties();
    List<String> fields = new ArrayList<>();
    collect("", top.get("spec"), fields);
    collect("", top.get("status"), fields);
    String doc = Files.readString(DOC);
    assertThat(fields).isNotEmpty();
    assertThat(fields)
        .allSatisfy(
            f -> assertThat(doc).as("docs/reference.md names `%s`", f).contains("`" + f + "`"));
  }

  @Test
  void everyReasonAndConditionIsDocumented() throws Exception {
    String doc = Files.readString(DOC);
    for (Class<?> vocabulary : List.of(Reasons.class, Conditions.class)) {
      for (Field f : vocabulary.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          String value = (String) f.get(null);
          if (!value.equals("True") && !value.equals("False")) {
            assertThat(doc).as("docs/reference.md names `%s`", value).contains("`" + value + "`");
          }
        }
      }
    }
  }

  /** Every Event reason is in the Events table, and no Event is recorded with a literal reason. */
  @Test
  void everyEventReasonIsDocumentedAndNamedInOnePlace() throws Exception {
    String doc = Files.readString(DOC);
    String events = doc.substring(doc.indexOf("\n## Events\n"));
    events = events.substring(0, events.indexOf("\n## ", 1));
    List<String> reasons = new ArrayList<>();
    for (Field f : EventReasons.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        reasons.add((String) f.get(null));
      }
    }
    // Registered is a Reasons constant that is also the Normal Event of a registration.
    reasons.add(Reasons.REGISTERED);
    assertThat(reasons).hasSizeGreaterThan(6);
    for (String reason : reasons) {
      assertThat(events).as("the Events table names `%s`", reason).contains("| `" + reason + "` |");
    }
    Pattern literal = Pattern.compile("KeyEvents\\.(NORMAL|WARNING),\\s*\"");
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        assertThat(literal.matcher(Files.readString(source)).find())
            .as("%s records an Event with a literal reason: use EventReasons", source)
            .isFalse();
      }
    }
  }

  /**
   * Leaf fields as dotted paths (phoneNumberIds, keySecretRef.name), list items as name[].child;
   * the standard condition fields are documented once for all conditions.
   */
  private static void collect(String prefix, JSONSchemaProps schema, List<String> out) {
    if (schema == null || schema.getProperties() == null) {
      return;
    }
    schema
        .getProperties()
        .forEach(
            (name, props) -> {
              String path = prefix + name;
              boolean objectList =
                  "array".equals(props.getType())
                      && props.getItems() != null
                      && props.getItems().getSchema() != null
                      && props.getItems().getSchema().getProperties() != null;
              if (name.equals("conditions")) {
                out.add("conditions[]");
              } else if (objectList) {
                collect(path + "[].", props.getItems().getSchema(), out);
              } else if (props.getProperties() != null) {
                collect(path + ".", props, out);
              } else {
                out.add(path);
              }
            });
  }
}
