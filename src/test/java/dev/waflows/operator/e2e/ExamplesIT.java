package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** examples/endpoint/ is accepted by a real API server as the README tells users to apply it. */
class ExamplesIT {

  @Test
  void theEndpointExampleAppliesCleanly() throws Exception {
    ControlPlane.installDeploy();
    ControlPlane.Result ns =
        ControlPlane.kubectl("apply", "--server-side", "-f", "examples/00-namespace.yaml");
    assertThat(ns.exit()).as(ns.err()).isZero();

    // --validate=false: the API server itself refuses a field its schema does not declare (a
    // server-side apply fails with "field not declared in schema"); kubectl's own check only
    // races the server publishing the CRD's OpenAPI.
    ControlPlane.Result r =
        ControlPlane.kubectl(
            "apply",
            "--dry-run=server",
            "--server-side",
            "--validate=false",
            "-f",
            "examples/endpoint/",
            "-o",
            "yaml");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("kind: Secret", "kind: Deployment", "kind: Service", "kind: FlowsEncryptionKey")
        .as("spec.endpoint kept, not pruned")
        .contains("url: http://shop-flows.whatsapp.svc:8787/flows");
  }
}
