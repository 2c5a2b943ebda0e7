package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real API server refuses bad resources with the CRD's schema, before the operator sees them.
 */
class CrdSchemaIT {

  private static final String NS = "schema-it";

  @BeforeAll
  static void install() {
    ControlPlane.installDeploy();
    ControlPlane.kubectlWithInput(Manifests.namespace(NS), "apply", "-f", "-");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad phone id      | ['12a']          |                          | spec.phoneNumberIds",
        "empty list        | []               |                          | spec.phoneNumberIds",
        "duplicate ids     | ['1','1']        |                          | Duplicate value",
        "bad mode          | ['1']            | mode: Sometimes          | spec.mode",
        "bad duration      | ['1']            | verifyInterval: 1d       | spec.verifyInterval",
        "bad deletion      | ['1']            | secretDeletionPolicy: No | spec.secretDeletionPolicy",
        "bad version       | ['1']            | 'graphApi: {version: 21}' | spec.graphApi.version",
      })
  void theApiServerRefusesIt(String what, String ids, String extra, String mentioned) {
    String yaml =
        """
        apiVersion: waflows.dev/v1alpha1
        kind: FlowsEncryptionKey
        metadata:
          name: bad
          namespace: %s
        spec:
          phoneNumberIds: %s
          keySecretRef: {name: key}
          accessTokenSecretRef: {name: token}
          %s
        """
            .formatted(NS, ids, extra == null ? "" : extra);
    // --validate=false: the server, not kubectl, must refuse it.
    ControlPlane.Result r =
        ControlPlane.kubectlWithInput(yaml, "apply", "--validate=false", "-f", "-");
    assertThat(r.exit()).as(what + " accepted: " + r.all()).isNotZero();
    assertThat(r.err()).contains("is invalid").contains(mentioned);
  }

  @ParameterizedTest(name = "missing {0}")
  @CsvSource({"keySecretRef", "accessTokenSecretRef", "phoneNumberIds"})
  void requiredFieldsAreRequired(String field) {
    List<String> lines =
        List.of(
            "  phoneNumberIds: ['1']",
            "  keySecretRef: {name: key}",
            "  accessTokenSecretRef: {name: token}");
    String spec =
        String.join("\n", lines.stream().filter(l -> !l.trim().startsWith(field)).toList());
    String yaml =
        "apiVersion: waflows.dev/v1alpha1\nkind: FlowsEncryptionKey\nmetadata:\n  name: bad\n"
            + "  namespace: "
            + NS
            + "\nspec:\n"
            + spec
            + "\n";
    ControlPlane.Result r =
        ControlPlane.kubectlWithInput(yaml, "apply", "--validate=false", "-f", "-");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("spec." + field).contains("Required value");
  }
}
