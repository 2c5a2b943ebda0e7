package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** One reconcile of one resource: what it started from, and how it ends. */
public final class ReconcilePass {

  private final FlowsEncryptionKey resource;
  private final FlowsEncryptionKeyStatus before;
  private final Instant now;

  public ReconcilePass(FlowsEncryptionKey resource, FlowsEncryptionKeyStatus before, Instant now) {
    this.resource = resource;
    this.before = before;
    this.now = now;
  }

  public FlowsEncryptionKey resource() {
    return resource;
  }

  public FlowsEncryptionKeyStatus before() {
    return before;
  }

  public Instant now() {
    return now;
  }

  /** RFC 3339 at second precision, as Kubernetes writes times. */
  public String timestamp() {
    return timestamp(now);
  }

  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  public long generation() {
    Long g = resource.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  /** Writes the status only when it differs from what is stored, then reschedules if asked. */
  public UpdateControl<FlowsEncryptionKey> finish(
      FlowsEncryptionKeyStatus after, Optional<Duration> rescheduleAfter) {
    UpdateControl<FlowsEncryptionKey> control;
    if (after.equals(before)) {
      control = UpdateControl.noUpdate();
    } else {
      resource.setStatus(after);
      control = UpdateControl.patchStatus(resource);
    }
    rescheduleAfter.ifPresent(control::rescheduleAfter);
    return control;
  }
}
