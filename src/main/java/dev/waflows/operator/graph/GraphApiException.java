package dev.waflows.operator.graph;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed Graph API call, typed by {@link #reason()}. The message is safe to show users (status,
 * Events, logs): token-like text is removed and Graph's {@code fbtrace_id} is included, because
 * that is what Meta support asks for.
 *
 * <p>Made with {@link #GraphApiException(GraphErrorReason, String)} when only the reason and
 * message are known, with {@link #notSent} when the client refused before sending anything, and
 * with {@link #builder} when Graph said more.
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

  /**
   * A failure with no Graph error details, e.g. for fakes in tests; retryable when the reason is
   * {@link GraphErrorReason#RateLimited} or {@link GraphErrorReason#GraphUnavailable}.
   */
  public GraphApiException(GraphErrorReason reason, String message) {
    this(builder(reason, message));
  }

  private GraphApiException(Builder b) {
    super(compose(b.message, b.fbtraceId), b.cause);
    this.reason = b.reason;
    this.detail = b.message;
    this.code = b.code;
    this.subcode = b.subcode;
    this.fbtraceId = b.fbtraceId;
    this.retryAfter = b.retryAfter == null || b.retryAfter.isNegative() ? null : b.retryAfter;
    this.retryable = b.retryable == null ? isRetryableByDefault(b.reason) : b.retryable;
  }

  /** Starts a failure with this reason and message; everything else is optional. */
  public static Builder builder(GraphErrorReason reason, String message) {
    return new Builder(reason, message);
  }

  /**
   * The client refused the call before sending any request (bad input, the budget, the allow-list):
   * never retried by the client, since another try would be refused the same way.
   *
   * @param wait when calling again could succeed, or null
   */
  static GraphApiException notSent(GraphErrorReason reason, String message, Duration wait) {
    return builder(reason, message).retryAfter(wait).retryable(false).build();
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

  /**
   * Whether the same call for any other phone number, with the same token and endpoint, would fail
   * the same way now, so a caller with more numbers to check should not make those calls (they
   * would only spend the shared Graph capacity): a refused token, a permission the token lacks, a
   * rate limit or pause on the token, an endpoint off the allow-list. Not a failure about one
   * number ({@link GraphErrorReason#InvalidPhoneNumber}, and code 10, which on this endpoint can
   * mean that the number is not allow-listed for Flows), nor a network error or outage, which may
   * pass. A {@code PermissionDenied} without a Graph code (an HTTP 403 alone) is not known to be
   * about the token, so it does not count either.
   */
  public boolean repeatsForOtherNumbers() {
    return switch (reason) {
      case InvalidToken, RateLimited, InvalidSpec -> true;
      case PermissionDenied -> code != null && code != GraphErrorMapper.NUMBER_NOT_ALLOW_LISTED;
      case InvalidPhoneNumber, GraphUnavailable -> false;
    };
  }

  /** Whether the client may try the same call again right away (after a backoff). */
  boolean isRetryable() {
    return retryable;
  }

  /** The same failure with another suggested wait. */
  GraphApiException withRetryAfter(Duration wait) {
    GraphApiException copy =
        builder(reason, detail)
            .code(code)
            .subcode(subcode)
            .fbtraceId(fbtraceId)
            .retryAfter(wait)
            .cause(getCause())
            .retryable(retryable)
            .build();
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  private static boolean isRetryableByDefault(GraphErrorReason reason) {
    return reason == GraphErrorReason.RateLimited || reason == GraphErrorReason.GraphUnavailable;
  }

  // Redacting here too means no caller can put a token into a message by mistake.
  private static String compose(String message, String fbtraceId) {
    String text = message == null || message.isBlank() ? "Graph API call failed" : message;
    if (fbtraceId != null && !text.contains(fbtraceId)) {
      text = text + " (fbtrace_id: " + fbtraceId + ")";
    }
    return Redactor.PATTERNS.redact(text);
  }

  /** What Graph said about a failure, as far as it said anything; null means unknown. */
  public static final class Builder {
    private final GraphErrorReason reason;
    private final String message;
    private Integer code;
    private Integer subcode;
    private String fbtraceId;
    private Duration retryAfter;
    private Throwable cause;
    private Boolean retryable;

    private Builder(GraphErrorReason reason, String message) {
      this.reason = Objects.requireNonNull(reason, "reason");
      this.message = message;
    }

    /** Graph's {@code error.code}. */
    public Builder code(Integer code) {
      this.code = code;
      return this;
    }

    /** Graph's {@code error.error_subcode}. */
    public Builder subcode(Integer subcode) {
      this.subcode = subcode;
      return this;
    }

    /** Graph's {@code error.fbtrace_id}; appended to the message. */
    public Builder fbtraceId(String fbtraceId) {
      this.fbtraceId = fbtraceId;
      return this;
    }

    /** The wait suggested before the next call; negative values are dropped. */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /** The underlying failure, e.g. an {@code IOException}. */
    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /** Overrides whether the client retries; by default only rate limits and outages are. */
    Builder retryable(boolean retryable) {
      this.retryable = retryable;
      return this;
    }

    public GraphApiException build() {
      return new GraphApiException(this);
    }
  }
}
