package dev.waflows.operator.reconciler.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.reconciler.FixedTime;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class ClosedNamespacesTest {

  @Test
  void aTerminatingOrMissingNamespaceRefusesNewObjects() {
    assertThat(ClosedNamespaces.refusesNewObjects(error(403, "secrets", "NamespaceTerminating")))
        .isTrue();
    assertThat(ClosedNamespaces.refusesNewObjects(error(404, "namespaces", null))).isTrue();
  }

  @Test
  void otherRefusalsDoNotCloseTheNamespace() {
    // RBAC, a Secret that is not found, a quota: the namespace still takes objects.
    assertThat(ClosedNamespaces.refusesNewObjects(error(403, "secrets", null))).isFalse();
    assertThat(ClosedNamespaces.refusesNewObjects(error(404, "secrets", null))).isFalse();
    assertThat(ClosedNamespaces.refusesNewObjects(error(403, "secrets", "QuotaExceeded")))
        .isFalse();
    assertThat(ClosedNamespaces.refusesNewObjects(new KubernetesClientException("no status")))
        .isFalse();
  }

  @Test
  void aClosedNamespaceIsRememberedForAMinuteAndOnlyThatOne() {
    FixedTime time = new FixedTime();
    ClosedNamespaces closed = new ClosedNamespaces(time);

    closed.remember("a");

    assertThat(closed.isClosed("a")).isTrue();
    assertThat(closed.isClosed("b")).isFalse();
    time.advance(ClosedNamespaces.MEMORY);
    assertThat(closed.isClosed("a")).isFalse();
  }

  private static KubernetesClientException error(int code, String kind, String causeReason) {
    StatusBuilder b =
        new StatusBuilder().withCode(code).withNewDetails().withKind(kind).endDetails();
    if (causeReason != null) {
      b.editDetails().addNewCause().withReason(causeReason).endCause().endDetails();
    }
    Status status = b.build();
    return new KubernetesClientException(status);
  }
}
