package dev.waflows.operator.endpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * What one probe found.
 *
 * @param outcome how it ended
 * @param message what happened, fit for a condition: never a body, a key or the app secret
 * @param took from sending to the verdict
 */
public record ProbeResult(ProbeOutcome outcome, String message, Duration took) {

  public ProbeResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(took, "took");
  }

  public boolean opened() {
    return outcome == ProbeOutcome.Opened;
  }
}
