package dev.waflows.operator.graph;

import static dev.waflows.operator.graph.GraphErrorReason.GraphUnavailable;
import static dev.waflows.operator.graph.GraphErrorReason.InvalidPhoneNumber;
import static dev.waflows.operator.graph.GraphErrorReason.InvalidToken;
import static dev.waflows.operator.graph.GraphErrorReason.PermissionDenied;
import static dev.waflows.operator.graph.GraphErrorReason.RateLimited;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;

/**
 * Turns a failed answer (HTTP status, body, headers) or a network error into a typed {@link
 * GraphApiException}. Pure: no I/O, the clock is a parameter.
 *
 * <p>Order of the rules: rate limits first (HTTP 429 or a rate-limit code), then Graph's code, then
 * {@code is_transient}, then the HTTP status. Graph's code is more specific than the status, which
 * is why a 400 with code 190 is {@code InvalidToken} and a 401 with no body is too.
 */
final class GraphErrorMapper {

  static final String ALLOW_LIST_HINT =
      "Graph code 10 on whatsapp_business_encryption can also mean that this phone number is not"
          + " allow-listed for WhatsApp Flows";

  /** Code 10: a permission the token lacks, or (on this endpoint) a number not allow-listed. */
  static final int NUMBER_NOT_ALLOW_LISTED = 10;

  private static final Set<Integer> RATE_LIMIT_CODES = Set.of(4, 17, 32, 613, 80007, 130429);
  private static final Set<Integer> TOKEN_CODES = Set.of(0, 190);
  private static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 131000);
  private static final int INVALID_PARAMETER = 100;
  private static final int MAX_GRAPH_MESSAGE = 500;

  private GraphErrorMapper() {}

  /** The failure for a non-2xx answer. */
  static GraphApiException fromResponse(
      int httpStatus, String body, Headers headers, Instant now, Redactor redactor) {
    Optional<GraphError> error = GraphError.parse(body);
    GraphErrorReason reason = reason(httpStatus, error.orElse(null));
    Duration hint = RetryHints.suggestedWait(headers, now).orElse(null);
    GraphError e = error.orElse(null);
    GraphApiException.Builder failure =
        GraphApiException.builder(
                reason,
                error
                    .map(value -> describe(httpStatus, value, redactor))
                    .orElse(describe(httpStatus)))
            .retryAfter(reason == RateLimited || reason == GraphUnavailable ? hint : null)
            .retryable(isRetryable(reason, httpStatus, e));
    if (e != null) {
      failure.code(e.code()).subcode(e.subcode()).fbtraceId(e.fbtraceId());
    }
    return failure.build();
  }

  /** The failure for an I/O error: timeouts, refused connections, unknown hosts, resets. */
  static GraphApiException fromIOException(IOException exception, Redactor redactor) {
    String what;
    if (exception instanceof SocketTimeoutException
        || (exception instanceof InterruptedIOException
            && "timeout".equals(exception.getMessage()))) {
      what = "Graph API request timed out";
    } else if (exception instanceof UnknownHostException) {
      what = "Graph API host could not be resolved";
    } else if (exception instanceof ConnectException) {
      what = "could not connect to the Graph API";
    } else {
      what = "Graph API request failed";
    }
    String detail = redactor.forMessage(exception.getMessage(), MAX_GRAPH_MESSAGE);
    String message =
        what
            + " ("
            + exception.getClass().getSimpleName()
            + (detail.isEmpty() ? "" : ": " + detail)
            + ")";
    return GraphApiException.builder(GraphUnavailable, message)
        .cause(exception)
        .retryable(true)
        .build();
  }

  /** Graph error codes to reasons (docs/reference.md, Reasons); {@code error} may be null. */
  static GraphErrorReason reason(int httpStatus, GraphError error) {
    Integer code = error == null ? null : error.code();
    if (httpStatus == 429 || (code != null && RATE_LIMIT_CODES.contains(code))) {
      return RateLimited;
    }
    if (code != null) {
      if (TOKEN_CODES.contains(code)) {
        return InvalidToken;
      }
      if (code == 3 || code == NUMBER_NOT_ALLOW_LISTED || (code >= 200 && code <= 299)) {
        return PermissionDenied;
      }
      if (code == INVALID_PARAMETER) {
        return InvalidPhoneNumber;
      }
      if (TRANSIENT_CODES.contains(code)) {
        return GraphUnavailable;
      }
    }
    if (error != null && error.isTransient()) {
      return GraphUnavailable;
    }
    if (httpStatus == 401) {
      return InvalidToken;
    }
    if (httpStatus == 403) {
      return PermissionDenied;
    }
    return GraphUnavailable;
  }

  /**
   * Retry only what another try can fix: rate limits, 5xx, 408, transient errors. An unknown 4xx
   * (or a 3xx, as redirects are not followed) will answer the same again, so it is handed back.
   */
  static boolean isRetryable(GraphErrorReason reason, int httpStatus, GraphError error) {
    if (reason == RateLimited) {
      return true;
    }
    if (reason != GraphUnavailable) {
      return false;
    }
    if (error != null
        && (error.isTransient()
            || (error.code() != null && TRANSIENT_CODES.contains(error.code())))) {
      return true;
    }
    return httpStatus >= 500 || httpStatus == 408;
  }

  private static String describe(int httpStatus, GraphError error, Redactor redactor) {
    StringBuilder text = new StringBuilder("Graph API error (HTTP ").append(httpStatus);
    if (error.code() != null) {
      text.append(", code ").append(error.code());
    }
    if (error.subcode() != null) {
      text.append(", subcode ").append(error.subcode());
    }
    if (error.type() != null && !error.type().isBlank()) {
      text.append(", ").append(redactor.forMessage(error.type(), 60));
    }
    String graphMessage = redactor.forMessage(error.message(), MAX_GRAPH_MESSAGE);
    text.append("): ").append(graphMessage.isEmpty() ? "no message" : graphMessage);
    if (Integer.valueOf(NUMBER_NOT_ALLOW_LISTED).equals(error.code())) {
      text.append(". ").append(ALLOW_LIST_HINT);
    }
    return text.toString();
  }

  private static String describe(int httpStatus) {
    return switch (httpStatus) {
      case 401 -> "Graph API rejected the access token (HTTP 401, no Graph error in the body)";
      case 403 -> "Graph API denied access (HTTP 403, no Graph error in the body)";
      case 429 -> "Graph API rate limit reached (HTTP 429, no Graph error in the body)";
      default ->
          httpStatus >= 300 && httpStatus < 400
              ? "Graph API answered with a redirect (HTTP "
                  + httpStatus
                  + "), which is not followed: check graphApi.baseUrl"
              : "Graph API answered HTTP " + httpStatus + " without a Graph error in the body";
    };
  }
}
