package dev.waflows.operator.reconciler.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.keys.KeySecretEntries;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a restarted operator may put off a resource's first check, and when it must not. */
class FirstCheckSpreadTest {

  private static final String ROTATED_AT = "2026-03-01T10:00:00Z";

  @Test
  void aReadySettledResourceWhoseSecretMatchesItsStatusIsSpread() {
    FlowsEncryptionKey r = ready(status(null, null));
    assertThat(FirstCheckSpread.statusIsCurrent(r, Optional.of(keySecret(false, Map.of()))))
        .isTrue();
    assertThat(FirstCheckSpread.statusIsCurrent(r, Optional.empty())).isTrue();
  }

  @Test
  void aRotationStartedJustBeforeACrashIsCheckedAtOnce() {
    // The Secret has the new pair and keeps the old one; the status patch was lost.
    FlowsEncryptionKey r = ready(status(null, null));
    Secret rotated =
        keySecret(
            true,
            Map.of(Annotations.ROTATION_TRIGGER, "r1", Annotations.KEY_CURRENT_SINCE, ROTATED_AT));
    assertThat(FirstCheckSpread.statusIsCurrent(r, Optional.of(rotated))).isFalse();
  }

  @Test
  void aSecondRotationTheStatusDoesNotKnowIsCheckedAtOnce() {
    // The status knows an earlier rotation (and its kept key); the Secret is one rotation ahead.
    FlowsEncryptionKey r = ready(status("SHA256:old", ROTATED_AT));
    Secret ahead =
        keySecret(
            true,
            Map.of(
                Annotations.ROTATION_TRIGGER,
                "r2",
                Annotations.KEY_CURRENT_SINCE,
                "2026-03-01T10:13:00Z"));
    assertThat(FirstCheckSpread.statusIsCurrent(r, Optional.of(ahead))).isFalse();
  }

  @Test
  void aPreviousKeyDroppedJustBeforeACrashIsCheckedAtOnce() {
    FlowsEncryptionKey r = ready(status("SHA256:old", ROTATED_AT));
    Secret dropped =
        keySecret(
            false,
            Map.of(Annotations.ROTATION_TRIGGER, "r1", Annotations.KEY_CURRENT_SINCE, ROTATED_AT));
    assertThat(FirstCheckSpread.statusIsCurrent(r, Optional.of(dropped))).isFalse();
  }

  @Test
  void aRotationTheStatusRecordsIsSpread() {
    FlowsEncryptionKey r = ready(status("SHA256:old", ROTATED_AT));
    Secret same =
        keySecret(
            true,
            Map.of(Annotations.ROTATION_TRIGGER, "r1", Annotations.KEY_CURRENT_SINCE, ROTATED_AT));
    assertThat(FirstCheckSpread.statusIsCurrent(r, Optional.of(same))).isTrue();
  }

  @Test
  void aResourceNotReadyOrWithAnUnseenGenerationGoesFirst() {
    FlowsEncryptionKey notReady = ready(status(null, null));
    notReady.getStatus().setConditions(List.of());
    assertThat(FirstCheckSpread.statusIsCurrent(notReady, Optional.empty())).isFalse();

    FlowsEncryptionKey changed = ready(status(null, null));
    changed.getMetadata().setGeneration(2L);
    assertThat(FirstCheckSpread.statusIsCurrent(changed, Optional.empty())).isFalse();
  }

  @Test
  void aRotationRequestedBeforeTheRestartIsNotPutOff() {
    FlowsEncryptionKey r = ready(status(null, null));
    r.getMetadata().setAnnotations(Map.of(Annotations.ROTATE_REQUESTED_AT, "r1"));
    assertThat(FirstCheckSpread.statusIsCurrent(r, Optional.empty())).isFalse();

    r.getStatus().setLastHandledRotateAt("r1");
    assertThat(FirstCheckSpread.statusIsCurrent(r, Optional.empty())).as("handled").isTrue();
  }

  @Test
  void aReconcileRequestedWhileNoOperatorRanIsHandledAtOnce() {
    FlowsEncryptionKey requested = ready(status(null, null));
    requested
        .getMetadata()
        .setAnnotations(Map.of(Annotations.RECONCILE_REQUESTED_AT, "2026-12-05"));
    assertThat(FirstCheckSpread.statusIsCurrent(requested, Optional.empty())).isFalse();

    requested.getStatus().setLastHandledReconcileAt("2026-12-05");
    assertThat(FirstCheckSpread.statusIsCurrent(requested, Optional.empty())).isTrue();
  }

  @Test
  void theOffsetIsStableAndWithinTheInterval() {
    Duration hour = Duration.ofHours(1);
    Duration a = FirstCheckSpread.offset("3f1c-uid", hour);
    assertThat(FirstCheckSpread.offset("3f1c-uid", hour)).isEqualTo(a);
    assertThat(a).isBetween(Duration.ZERO, hour.minusSeconds(1));
  }

  private static FlowsEncryptionKeyStatus status(String previousFingerprint, String rotatedAt) {
    FlowsEncryptionKeyStatus s = new FlowsEncryptionKeyStatus();
    s.setObservedGeneration(1L);
    s.setPreviousKeyFingerprint(previousFingerprint);
    s.setLastRotationTime(rotatedAt);
    s.setConditions(
        List.of(
            new ConditionBuilder()
                .withType(Conditions.READY)
                .withStatus(Conditions.TRUE)
                .withReason("Verified")
                .build()));
    return s;
  }

  private static FlowsEncryptionKey ready(FlowsEncryptionKeyStatus status) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.setMetadata(new ObjectMetaBuilder().withName("shop").withGeneration(1L).build());
    r.setStatus(status);
    return r;
  }

  private static Secret keySecret(boolean keepsPrevious, Map<String, String> annotations) {
    Map<String, String> data = new HashMap<>();
    data.put(KeySecretEntries.PUBLIC_PEM, "cHVi");
    if (keepsPrevious) {
      data.put(KeySecretEntries.PREVIOUS_PUBLIC, "b2xk");
    }
    return new SecretBuilder()
        .withNewMetadata()
        .withName("key")
        .withAnnotations(annotations)
        .endMetadata()
        .withData(data)
        .build();
  }
}
