package dev.waflows.operator.graph;

import static dev.waflows.operator.graph.GraphErrorReason.GraphUnavailable;
import static dev.waflows.operator.graph.GraphErrorReason.InvalidPhoneNumber;
import static dev.waflows.operator.graph.GraphErrorReason.InvalidToken;
import static dev.waflows.operator.graph.GraphErrorReason.PermissionDenied;
import static dev.waflows.operator.graph.GraphErrorReason.RateLimited;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GraphErrorMapperTest {

  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private static final Headers NO_HEADERS = Headers.of();

  static String graphError(int code) {
    return "{\"error\":{\"message\":\"m\",\"type\":\"OAuthException\",\"code\":"
        + code
        + ",\"error_subcode\":33,\"fbtrace_id\":\"AbC123xyz\"}}";
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // Graph codes, whatever the HTTP status says
        Arguments.of(400, graphError(0), InvalidToken, false),
        Arguments.of(400, graphError(190), InvalidToken, false),
        Arguments.of(401, graphError(190), InvalidToken, false),
        Arguments.of(400, graphError(3), PermissionDenied, false),
        Arguments.of(403, graphError(10), PermissionDenied, false),
        Arguments.of(400, graphError(200), PermissionDenied, false),
        Arguments.of(400, graphError(250), PermissionDenied, false),
        Arguments.of(400, graphError(299), PermissionDenied, false),
        Arguments.of(400, graphError(100), InvalidPhoneNumber, false),
        Arguments.of(400, graphError(4), RateLimited, true),
        Arguments.of(400, graphError(17), RateLimited, true),
        Arguments.of(400, graphError(32), RateLimited, true),
        Arguments.of(400, graphError(613), RateLimited, true),
        Arguments.of(400, graphError(80007), RateLimited, true),
        Arguments.of(400, graphError(130429), RateLimited, true),
        Arguments.of(500, graphError(1), GraphUnavailable, true),
        Arguments.of(400, graphError(1), GraphUnavailable, true),
        Arguments.of(400, graphError(2), GraphUnavailable, true),
        Arguments.of(400, graphError(131000), GraphUnavailable, true),
        // is_transient, with a code the table does not know
        Arguments.of(
            400,
            "{\"error\":{\"message\":\"try later\",\"code\":9999,\"is_transient\":true}}",
            GraphUnavailable,
            true),
        // codes as strings (seen from proxies)
        Arguments.of(400, "{\"error\":{\"code\":\"190\"}}", InvalidToken, false),
        // HTTP status alone
        Arguments.of(429, "", RateLimited, true),
        Arguments.of(429, graphError(9999), RateLimited, true),
        Arguments.of(401, "", InvalidToken, false),
        Arguments.of(401, "<html>Unauthorized</html>", InvalidToken, false),
        Arguments.of(403, "", PermissionDenied, false),
        Arguments.of(403, "{\"error\":{\"message\":\"no\"}}", PermissionDenied, false),
        Arguments.of(500, "", GraphUnavailable, true),
        Arguments.of(502, "<html>Bad Gateway</html>", GraphUnavailable, true),
        Arguments.of(503, "{not json", GraphUnavailable, true),
        Arguments.of(504, "{\"error\":\"string, not object\"}", GraphUnavailable, true),
        Arguments.of(408, "", GraphUnavailable, true),
        // answers another try will not change: handed back at once
        Arguments.of(400, graphError(9999), GraphUnavailable, false),
        Arguments.of(404, "<html>Not Found</html>", GraphUnavailable, false),
        Arguments.of(301, "", GraphUnavailable, false));
  }

  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @MethodSource("table")
  void mapsStatusAndBodyToReason(
      int status, String body, GraphErrorReason reason, boolean retryable) {
    GraphApiException failure = map(status, body, NO_HEADERS);

    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(failure.isRetryable()).isEqualTo(retryable);
  }

  static Stream<Arguments> repeats() {
    return Stream.of(
        // about the token: every other number would get the same answer
        Arguments.of(400, graphError(190), true),
        Arguments.of(401, "", true),
        Arguments.of(400, graphError(3), true),
        Arguments.of(400, graphError(200), true),
        Arguments.of(400, graphError(299), true),
        Arguments.of(400, graphError(4), true),
        Arguments.of(429, "", true),
        // about one number, or not known to be about the token
        Arguments.of(400, graphError(10), false),
        Arguments.of(400, graphError(100), false),
        Arguments.of(403, "", false),
        // may pass by the next call
        Arguments.of(500, "", false),
        Arguments.of(400, graphError(9999), false));
  }

  @ParameterizedTest(name = "HTTP {0} {1} repeats for other numbers: {2}")
  @MethodSource("repeats")
  void saysWhetherAFailureRepeatsForEveryNumberWithTheToken(
      int status, String body, boolean repeats) {
    GraphApiException failure =
        GraphErrorMapper.fromResponse(status, body, NO_HEADERS, NOW, Redactor.PATTERNS);

    assertThat(failure.repeatsForOtherNumbers()).isEqualTo(repeats);
  }

  @Test
  void refusalsBeforeSendingRepeatForOtherNumbersButNetworkErrorsDoNot() {
    assertThat(
            GraphApiException.notSent(GraphErrorReason.InvalidSpec, "off the allow-list", null)
                .repeatsForOtherNumbers())
        .isTrue();
    assertThat(
            GraphApiException.notSent(RateLimited, "budget used up", Duration.ofSeconds(1))
                .repeatsForOtherNumbers())
        .isTrue();
    assertThat(
            GraphErrorMapper.fromIOException(new ConnectException("refused"), Redactor.PATTERNS)
                .repeatsForOtherNumbers())
        .isFalse();
  }

  @Test
  void keepsGraphFieldsAndFbtraceIdInTheMessage() {
    GraphApiException failure =
        map(
            400,
            "{\"error\":{\"message\":\"Business public key is invalid\",\"type\":\"OAuthException\","
                + "\"code\":100,\"error_subcode\":2388001,\"fbtrace_id\":\"AQx_9-Zz\"}}",
            NO_HEADERS);

    assertThat(failure.reason()).isEqualTo(InvalidPhoneNumber);
    assertThat(failure.code()).contains(100);
    assertThat(failure.subcode()).contains(2388001);
    assertThat(failure.fbtraceId()).contains("AQx_9-Zz");
    assertThat(failure.getMessage())
        .contains("Business public key is invalid")
        .contains("code 100")
        .contains("subcode 2388001")
        .contains("fbtrace_id: AQx_9-Zz");
  }

  @Test
  void code10MentionsTheFlowsAllowList() {
    GraphApiException failure = map(403, graphError(10), NO_HEADERS);

    assertThat(failure.getMessage()).contains("not allow-listed for WhatsApp Flows");
  }

  @Test
  void code100KeepsGraphsEligibilityMessage() {
    String body =
        "{\"error\":{\"message\":\"Phone number is not eligible for encryption configuration\","
            + "\"code\":100}}";

    assertThat(map(400, body, NO_HEADERS).getMessage())
        .contains("Phone number is not eligible for encryption configuration");
  }

  @Test
  void graphMessagesLoseTokensAndControlCharacters() {
    String body =
        "{\"error\":{\"message\":\"bad access_token=EAAGm0PX4ZCpsBAAsecret&x=1\\nBearer"
            + " EAAGm0PX4ZCpsBAAsecret2\",\"code\":190,\"fbtrace_id\":\"t1\"}}";

    String message = map(400, body, NO_HEADERS).getMessage();

    assertThat(message).doesNotContain("EAAGm0PX4ZCpsBAAsecret").doesNotContain("\n");
    assertThat(message).contains("access_token=[redacted]").contains("Bearer [redacted]");
  }

  @Test
  void exactTokenOfTheCallIsRemovedInAnyShape() {
    AccessToken token = AccessToken.of("short-token-42");
    String body = "{\"error\":{\"message\":\"token short-token-42 expired\",\"code\":190}}";

    String message =
        GraphErrorMapper.fromResponse(400, body, NO_HEADERS, NOW, Redactor.forToken(token))
            .getMessage();

    assertThat(message).doesNotContain("short-token-42").contains("token [redacted] expired");
  }

  @Test
  void invalidTraceIdsAreNotEchoed() {
    String body = "{\"error\":{\"code\":2,\"fbtrace_id\":\"x\\ninjected line\"}}";

    GraphApiException failure = map(500, body, NO_HEADERS);

    assertThat(failure.fbtraceId()).isEmpty();
    assertThat(failure.getMessage()).doesNotContain("injected");
  }

  @Test
  void rateLimitCarriesTheLongestHint() {
    Headers headers =
        Headers.of(
            "Retry-After",
            "30",
            "X-Business-Use-Case-Usage",
            "{\"102\":[{\"type\":\"whatsapp\",\"call_count\":100,\"estimated_time_to_regain_access\":2}]}");

    GraphApiException failure = map(400, graphError(80007), headers);

    assertThat(failure.reason()).isEqualTo(RateLimited);
    assertThat(failure.retryAfter()).contains(Duration.ofMinutes(2));
  }

  @Test
  void hintsAreIgnoredForFailuresThatAreNotRetried() {
    GraphApiException failure = map(400, graphError(190), Headers.of("Retry-After", "30"));

    assertThat(failure.retryAfter()).isEmpty();
  }

  @Test
  void timeoutsAndConnectionFailuresAreGraphUnavailable() {
    GraphApiException readTimeout =
        GraphErrorMapper.fromIOException(new SocketTimeoutException("timeout"), Redactor.PATTERNS);
    GraphApiException callTimeout =
        GraphErrorMapper.fromIOException(new InterruptedIOException("timeout"), Redactor.PATTERNS);
    GraphApiException refused =
        GraphErrorMapper.fromIOException(
            new ConnectException("Failed to connect to localhost/127.0.0.1:1"), Redactor.PATTERNS);
    GraphApiException reset =
        GraphErrorMapper.fromIOException(
            new IOException("unexpected end of stream"), Redactor.PATTERNS);

    assertThat(readTimeout.getMessage()).startsWith("Graph API request timed out");
    assertThat(callTimeout.getMessage()).startsWith("Graph API request timed out");
    assertThat(refused.getMessage()).startsWith("could not connect to the Graph API");
    assertThat(reset.getMessage()).contains("unexpected end of stream");
    for (GraphApiException failure :
        new GraphApiException[] {readTimeout, callTimeout, refused, reset}) {
      assertThat(failure.reason()).isEqualTo(GraphUnavailable);
      assertThat(failure.isRetryable()).isTrue();
    }
  }

  private static GraphApiException map(int status, String body, Headers headers) {
    return GraphErrorMapper.fromResponse(status, body, headers, NOW, Redactor.PATTERNS);
  }
}
