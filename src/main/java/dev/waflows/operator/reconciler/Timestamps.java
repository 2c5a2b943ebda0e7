package dev.waflows.operator.reconciler;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the RFC 3339 times the operator stores (status fields, key Secret annotations, creation
 * timestamps). Lenient: anyone may edit a status or an annotation by hand, so a value that is
 * missing or not a time counts as absent rather than failing the pass.
 */
public final class Timestamps {

  private Timestamps() {}

  /** The instant {@code text} names; empty when it is null, blank or not an RFC 3339 time. */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
