package dev.waflows.operator.graph;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed Graph API call, typed by {@link #reason()}. The message is safe to show users (status,
 * Events, logs): token-like text is removed and Graph's {@code fbtrace_id} is included, because
 * that is what Meta support asks for.
 */
public class GraphApiException extends Exception {

  private static final long serialVersionUID = 1L;

  private final GraphErrorReason reason;
  private final String detail;
  private final Integer code;
  private final Integer subcode;
  private final String fbtraceId;
  private final Duration retryAfter;
  private final boolean retryable;

  /** A failure with no Graph error details, e.g. for fakes in tests. */
  public GraphApiException(GraphErrorReason reason, String message) {
    this(reason, message, null, null, null, null, null);
  }

  /**
   * A failure with whatever Graph said; null for anything unknown.
   *
   * @param retryAfter suggested wait before the next call, if any
   */
  public GraphApiException(
      GraphErrorReason reason,
      String message,
      Integer code,
      Integer subcode,
      String fbtraceId,
      Duration retryAfter,
      Throwable cause) {
    this(
        reason, message, code, subcode, fbtraceId, retryAfter, cause, isRetryableByDefault(reason));
  }

  GraphApiException(
      GraphErrorReason reason,
      String message,
      Integer code,
      Integer subcode,
      String fbtraceId,
      Duration retryAfter,
      Throwable cause,
      boolean retryable) {
    super(compose(message, fbtraceId), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = message;
    this.code = code;
    this.subcode = subcode;
    this.fbtraceId = fbtraceId;
    this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    this.retryable = retryable;
  }

  /** Why the call failed. */
  public GraphErrorReason reason() {
    return reason;
  }

  /** Graph's {@code error.code}, when Graph sent one. */
  public Optional<Integer> code() {
    return Optional.ofNullable(code);
  }

  /** Graph's {@code error.error_subcode}, when Graph sent one. */
  public Optional<Integer> subcode() {
    return Optional.ofNullable(subcode);
  }

  /** Graph's {@code error.fbtrace_id}, when Graph sent one. */
  public Optional<String> fbtraceId() {
    return Optional.ofNullable(fbtraceId);
  }

  /**
   * How long to wait before calling again: always present when the final reason is {@link
   * GraphErrorReason#RateLimited}; present for other reasons only when Graph suggested a wait.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether the client may try the same call again right away (after a backoff). */
  boolean isRetryable() {
    return retryable;
  }

  /** The same failure with another suggested wait. */
  GraphApiException withRetryAfter(Duration wait) {
    GraphApiException copy =
        new GraphApiException(
            reason, detail, code, subcode, fbtraceId, wait, getCause(), retryable);
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  private static boolean isRetryableByDefault(GraphErrorReason reason) {
    return reason == GraphErrorReason.RateLimited || reason == GraphErrorReason.GraphUnavailable;
  }

  // Redacting here too means no constructor caller can put a token into a message by mistake.
  private static String compose(String message, String fbtraceId) {
    String text = message == null || message.isBlank() ? "Graph API call failed" : message;
    if (fbtraceId != null && !text.contains(fbtraceId)) {
      text = text + " (fbtrace_id: " + fbtraceId + ")";
    }
    return Redactor.PATTERNS.redact(text);
  }
}
