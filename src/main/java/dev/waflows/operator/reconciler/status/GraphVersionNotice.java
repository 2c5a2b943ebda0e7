package dev.waflows.operator.reconciler.status;

import dev.waflows.operator.api.EventReasons;
import dev.waflows.operator.reconciler.verification.NumberObservation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Graph answered with another version than the one asked for: Meta retired the version and upgraded
 * the call. Pure. Said where people look: the Ready message and, once per change, a Warning Event.
 */
record GraphVersionNotice(String requested, String served) {

  static final String EVENT_REASON = EventReasons.GRAPH_VERSION_UPGRADED;

  /** The first answer of this pass served by another version, if any. */
  static Optional<GraphVersionNotice> of(String requested, List<NumberObservation> observations) {
    return observations.stream()
        .flatMap(
            o ->
                o instanceof NumberObservation.Checked c
                    ? c.servedVersion().stream()
                    : Stream.empty())
        .filter(served -> !served.equals(requested))
        .findFirst()
        .map(served -> new GraphVersionNotice(requested, served));
  }

  /** One sentence, appended to the Ready message; its presence there marks the Event as sent. */
  String sentence() {
    return "Graph served "
        + served
        + " for calls that asked for "
        + requested
        + " (retired): set spec.graphApi.version or the operator's --graph-api-version to a"
        + " version Graph serves";
  }
}
