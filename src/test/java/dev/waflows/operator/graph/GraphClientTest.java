package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.waflows.operator.testing.CapturedLogs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GraphClientTest {

  private static final String PHONE = "106540352242922";
  private static final String PATH =
      "/" + GraphEndpoint.DEFAULT_VERSION + "/" + PHONE + "/whatsapp_business_encryption";
  private static final String TOKEN_TEXT = "EAAGm0PX4ZCpsBAKZCZBtestTokenValue1234567890";
  private static final AccessToken TOKEN = AccessToken.of(TOKEN_TEXT + "\n");
  private static final String VALID_FLAT =
      "{\"business_public_key\":\"-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----\","
          + "\"business_public_key_signature_status\":\"VALID\"}";

  private final MockWebServer server = new MockWebServer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeTicker time = new FakeTicker();
  private GraphEndpoint endpoint;
  private GraphClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    endpoint = GraphEndpoint.of(server.url("/").toString(), null, null);
    client = client(3, time);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  // --- the two calls, exactly as sent ---

  @Test
  void getSendsTheContractRequestAndReadsTheFlatShape() throws Exception {
    server.enqueue(json(200, VALID_FLAT));

    StoredKey key = client.get(endpoint, PHONE, TOKEN);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo(PATH);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN_TEXT);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getBodySize()).isZero();
    assertThat(key.isSet()).isTrue();
    assertThat(key.signatureStatus()).contains(SignatureStatus.VALID);
    assertThat(key.publicKeyPem())
        .contains("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----");
  }

  @Test
  void getReadsTheWrappedShapeAndAnEmptyList() throws Exception {
    server.enqueue(json(200, "{\"data\":[" + VALID_FLAT.replace("VALID", "MISMATCH") + "]}"));
    server.enqueue(json(200, "{\"data\":[]}"));

    assertThat(client.get(endpoint, PHONE, TOKEN).signatureStatus())
        .contains(SignatureStatus.MISMATCH);
    assertThat(client.get(endpoint, PHONE, TOKEN)).isEqualTo(StoredKey.none());
  }

  @Test
  void usesTheEndpointsPathPrefixAndVersion() throws Exception {
    server.enqueue(json(200, "{}"));
    GraphEndpoint proxied = GraphEndpoint.of(server.url("/meta/graph/").toString(), "v23.0", null);

    client.get(proxied, PHONE, TOKEN);

    assertThat(server.takeRequest().getTarget())
        .isEqualTo("/meta/graph/v23.0/" + PHONE + "/whatsapp_business_encryption");
  }

  static Stream<String> pems() {
    return Stream.of(TestKeys.RSA_2048_PUBLIC_PEM, TestKeys.EC_P256_PUBLIC_PEM);
  }

  @ParameterizedTest
  @MethodSource("pems")
  void registerPostsThePemFormEncoded(String pem) throws Exception {
    server.enqueue(json(200, "{\"success\":true}"));

    client.register(endpoint, PHONE, TOKEN, pem);

    RecordedRequest request = server.takeRequest();
    String body = request.getBody().utf8();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo(PATH);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN_TEXT);
    assertThat(request.getHeaders().get("Content-Type"))
        .isEqualTo("application/x-www-form-urlencoded");
    assertThat(body).isEqualTo("business_public_key=" + formEncode(pem));
    assertThat(body).contains("BEGIN+PUBLIC+KEY", "%0A", "%2B", "%2F").doesNotContain("\n", "/");
    assertThat(URLDecoder.decode(body.substring(body.indexOf('=') + 1), StandardCharsets.UTF_8))
        .isEqualTo(pem);
  }

  @Test
  void paddingIsEncodedToo() throws Exception {
    server.enqueue(json(200, "{\"success\":true}"));

    client.register(endpoint, PHONE, TOKEN, TestKeys.EC_P256_PUBLIC_PEM);

    assertThat(server.takeRequest().getBody().utf8()).contains("%3D%3D%0A-----END");
  }

  @Test
  void registerFailsUnlessGraphSaysSuccessTrue() {
    server.enqueue(json(200, "{\"success\":false}"));
    server.enqueue(json(200, "{\"success\":false}"));
    server.enqueue(json(200, "{\"success\":false}"));

    GraphApiException failure =
        catchThrowableOfType(
            GraphApiException.class,
            () -> client.register(endpoint, PHONE, TOKEN, TestKeys.RSA_2048_PUBLIC_PEM));

    assertThat(failure.reason()).isEqualTo(GraphErrorReason.GraphUnavailable);
    assertThat(failure.getMessage()).contains("did not confirm");
  }

  // --- errors, end to end ---

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(400, GraphErrorMapperTest.graphError(190), GraphErrorReason.InvalidToken),
        Arguments.of(401, "", GraphErrorReason.InvalidToken),
        Arguments.of(403, GraphErrorMapperTest.graphError(10), GraphErrorReason.PermissionDenied),
        Arguments.of(403, "", GraphErrorReason.PermissionDenied),
        Arguments.of(
            400, GraphErrorMapperTest.graphError(100), GraphErrorReason.InvalidPhoneNumber),
        Arguments.of(400, GraphErrorMapperTest.graphError(130429), GraphErrorReason.RateLimited),
        Arguments.of(429, "", GraphErrorReason.RateLimited),
        Arguments.of(500, GraphErrorMapperTest.graphError(2), GraphErrorReason.GraphUnavailable),
        Arguments.of(502, "<html>bad gateway</html>", GraphErrorReason.GraphUnavailable));
  }

  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @MethodSource("errors")
  void mapsGraphErrorsAndCountsThem(int status, String body, GraphErrorReason reason) {
    GraphClient single = client(1, time);
    server.enqueue(json(status, body));

    GraphApiException failure =
        catchThrowableOfType(GraphApiException.class, () -> single.get(endpoint, PHONE, TOKEN));
    single.close();

    assertThat(failure.reason()).isEqualTo(reason);
    assertThat(requests("GET", reason.name())).isEqualTo(1.0);
  }

  @Test
  void retryAfterIsHonouredThenTheCallSucceeds() throws Exception {
    server.enqueue(json(429, "").newBuilder().addHeader("Retry-After", "2").build());
    server.enqueue(json(200, VALID_FLAT));

    StoredKey key = client.get(endpoint, PHONE, TOKEN);

    assertThat(key.isSet()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(time.totalSlept()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(requests("GET", "RateLimited")).isEqualTo(1.0);
    assertThat(requests("GET", "success")).isEqualTo(1.0);
  }

  @Test
  void aLongRateLimitIsHandedBackAndPausesEveryCallerWithThatToken() {
    server.enqueue(
        json(400, GraphErrorMapperTest.graphError(80007))
            .newBuilder()
            .addHeader(
                "X-Business-Use-Case-Usage",
                "{\"77\":[{\"type\":\"whatsapp\",\"estimated_time_to_regain_access\":60}]}")
            .build());

    GraphApiException first =
        catchThrowableOfType(GraphApiException.class, () -> client.get(endpoint, PHONE, TOKEN));
    GraphApiException other =
        catchThrowableOfType(
            GraphApiException.class,
            () ->
                client.register(endpoint, "106540352242923", TOKEN, TestKeys.RSA_2048_PUBLIC_PEM));

    assertThat(first.reason()).isEqualTo(GraphErrorReason.RateLimited);
    assertThat(first.retryAfter()).contains(Duration.ofHours(1));
    assertThat(other.reason()).isEqualTo(GraphErrorReason.RateLimited);
    assertThat(other.retryAfter()).contains(Duration.ofHours(1));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void serverErrorsAreRetriedThenGivenUp() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(503, "<html>unavailable</html>"));
    }

    GraphApiException failure =
        catchThrowableOfType(GraphApiException.class, () -> client.get(endpoint, PHONE, TOKEN));

    assertThat(failure.reason()).isEqualTo(GraphErrorReason.GraphUnavailable);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(requests("GET", "GraphUnavailable")).isEqualTo(3.0);
    assertThat(time.sleeps).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void tokenErrorsAreNotRetried() {
    server.enqueue(json(400, GraphErrorMapperTest.graphError(190)));

    catchThrowableOfType(GraphApiException.class, () -> client.get(endpoint, PHONE, TOKEN));

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aStalledAnswerTimesOut() {
    GraphClient impatient =
        new GraphClient(
            new GraphClientSettings(
                Duration.ofSeconds(1),
                Duration.ofMillis(150),
                Duration.ofSeconds(1),
                1,
                Duration.ZERO,
                Duration.ofMillis(10),
                1000,
                4,
                AllowedBaseUrls.unrestricted(),
                OutboundProxy.NONE),
            registry,
            time,
            () -> 0.5);
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    long started = System.nanoTime();

    GraphApiException failure =
        catchThrowableOfType(GraphApiException.class, () -> impatient.get(endpoint, PHONE, TOKEN));
    impatient.close();

    assertThat(failure.reason()).isEqualTo(GraphErrorReason.GraphUnavailable);
    assertThat(failure.getMessage()).contains("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aDroppedConnectionIsRetried() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(json(200, VALID_FLAT));

    assertThat(client.get(endpoint, PHONE, TOKEN).isSet()).isTrue();
  }

  @Test
  void aRefusedConnectionIsGraphUnavailable() throws IOException {
    MockWebServer closed = new MockWebServer();
    closed.start();
    GraphEndpoint nowhere = GraphEndpoint.of(closed.url("/").toString(), null, null);
    closed.close();

    GraphApiException failure =
        catchThrowableOfType(GraphApiException.class, () -> client.get(nowhere, PHONE, TOKEN));

    assertThat(failure.reason()).isEqualTo(GraphErrorReason.GraphUnavailable);
    assertThat(failure.getMessage()).contains("could not connect");
  }

  @Test
  void malformedJsonIsGraphUnavailable() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(200, "{\"business_public_key\": "));
    }

    GraphApiException failure =
        catchThrowableOfType(GraphApiException.class, () -> client.get(endpoint, PHONE, TOKEN));

    assertThat(failure.reason()).isEqualTo(GraphErrorReason.GraphUnavailable);
    assertThat(failure.getMessage()).contains("not JSON");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../me",
        "123/abc",
        "1?x=",
        "1#x",
        "%2e%2e",
        "",
        " 123",
        "123\n",
        "１２３",
        "123456789012345678901"
      })
  void refusesPathInjectionWithoutARequest(String phoneNumberId) {
    GraphApiException get =
        catchThrowableOfType(
            GraphApiException.class, () -> client.get(endpoint, phoneNumberId, TOKEN));
    GraphApiException register =
        catchThrowableOfType(
            GraphApiException.class,
            () -> client.register(endpoint, phoneNumberId, TOKEN, TestKeys.RSA_2048_PUBLIC_PEM));

    assertThat(get.reason()).isEqualTo(GraphErrorReason.InvalidPhoneNumber);
    assertThat(register.reason()).isEqualTo(GraphErrorReason.InvalidPhoneNumber);
    assertThat(server.getRequestCount()).isZero();
    assertThat(registry.find(GraphMetrics.REQUESTS).counters()).isEmpty();
  }

  // --- secrecy ---

  @Test
  void theTokenAppearsInNoLogLineAndNoMessage() {
    AccessToken plain = AccessToken.of("plain-secret-token-xyz");
    List<String> texts = new ArrayList<>();
    try (CapturedLogs logs = new CapturedLogs("dev.waflows.operator.graph")) {
      server.enqueue(json(200, VALID_FLAT));
      server.enqueue(
          json(
              400,
              "{\"error\":{\"message\":\"Invalid OAuth access token - Cannot parse access token: "
                  + TOKEN_TEXT
                  + " (Bearer "
                  + TOKEN_TEXT
                  + ")\",\"type\":\"OAuthException\",\"code\":190,\"fbtrace_id\":\"AbC\"}}"));
      server.enqueue(
          json(400, "{\"error\":{\"message\":\"bad plain-secret-token-xyz\",\"code\":100}}"));
      server.enqueue(json(503, "access_token=" + TOKEN_TEXT));
      server.enqueue(json(503, ""));
      server.enqueue(json(503, ""));

      collect(texts, () -> client.get(endpoint, PHONE, TOKEN));
      collect(texts, () -> client.get(endpoint, PHONE, TOKEN));
      collect(texts, () -> client.get(endpoint, PHONE, plain));
      collect(texts, () -> client.register(endpoint, PHONE, TOKEN, TestKeys.RSA_2048_PUBLIC_PEM));
      collect(texts, () -> client.get(endpoint, "../" + TOKEN_TEXT, TOKEN));
      texts.addAll(logs.lines());
      assertThat(logs.lines()).isNotEmpty();
    }
    texts.add(TOKEN.toString());
    texts.add(client.toString());

    assertThat(texts).hasSizeGreaterThan(8);
    assertThat(texts).noneMatch(text -> text.contains(TOKEN_TEXT));
    assertThat(texts).noneMatch(text -> text.contains("plain-secret-token-xyz"));
    assertThat(String.join("\n", texts)).contains("fbtrace_id: AbC");
  }

  // --- metrics ---

  @Test
  void countsAndTimesEveryRequest() throws Exception {
    server.enqueue(json(200, VALID_FLAT));
    server.enqueue(json(200, "{\"success\":true}"));

    client.get(endpoint, PHONE, TOKEN);
    client.register(endpoint, PHONE, TOKEN, TestKeys.RSA_2048_PUBLIC_PEM);

    assertThat(requests("GET", "success")).isEqualTo(1.0);
    assertThat(requests("POST", "success")).isEqualTo(1.0);
    Timer timer = registry.find(GraphMetrics.DURATION).tag("method", "POST").timer();
    assertThat(timer).isNotNull();
    assertThat(timer.count()).isEqualTo(1);
  }

  // --- the shared budget ---

  @Test
  void concurrentCallersStayWithinTheBudget() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              Thread.sleep(40);
            } finally {
              inFlight.decrementAndGet();
            }
            return json(200, VALID_FLAT);
          }
        });
    GraphClient shared = realTimeClient(500, 3);
    ExecutorService callers = Executors.newFixedThreadPool(12);
    try {
      List<Future<StoredKey>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        results.add(callers.submit(() -> shared.get(endpoint, PHONE, TOKEN)));
      }
      for (Future<StoredKey> result : results) {
        assertThat(result.get(20, TimeUnit.SECONDS).isSet()).isTrue();
      }
    } finally {
      callers.shutdownNow();
      shared.close();
    }

    assertThat(server.getRequestCount()).isEqualTo(24);
    assertThat(maxInFlight.get()).isBetween(2, 3);
  }

  // --- one token's trouble is not another's ---

  private static final AccessToken OTHER_TOKEN =
      AccessToken.of("EAAOtherBusinessToken0987654321abcdef");

  @Test
  void aLongRateLimitForOneTokenDoesNotDelayAnother() throws Exception {
    server.enqueue(json(429, "").newBuilder().addHeader("Retry-After", "300").build());
    server.enqueue(json(200, VALID_FLAT));

    GraphApiException throttled =
        catchThrowableOfType(GraphApiException.class, () -> client.get(endpoint, PHONE, TOKEN));
    time.advance(Duration.ofSeconds(1)); // the next pass, well within the 300 s pause
    StoredKey other = client.get(endpoint, PHONE, OTHER_TOKEN);

    assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(300));
    assertThat(other.isSet()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(time.sleeps).as("the other token's call went out at once").isEmpty();
    GraphApiException stillPaused =
        catchThrowableOfType(GraphApiException.class, () -> client.get(endpoint, PHONE, TOKEN));
    assertThat(stillPaused.getMessage()).contains("request not sent", "this access token");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSlowAnswerForOneTokenDoesNotHoldAnother() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch slowArrived = new CountDownLatch(1);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            if (request.getHeaders().get("Authorization").endsWith(TOKEN_TEXT)) {
              slowArrived.countDown();
              release.await(20, TimeUnit.SECONDS);
            }
            return json(200, VALID_FLAT);
          }
        });
    // One request in flight per token: the slow one holds its token's only slot.
    GraphClient oneAtATime =
        new GraphClient(
            new GraphClientSettings(
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                1,
                Duration.ofSeconds(30),
                Duration.ofMillis(10),
                100,
                1,
                AllowedBaseUrls.unrestricted(),
                OutboundProxy.NONE),
            registry,
            Ticker.SYSTEM,
            () -> 0.5);
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try {
      Future<StoredKey> slow = callers.submit(() -> oneAtATime.get(endpoint, PHONE, TOKEN));
      assertThat(slowArrived.await(10, TimeUnit.SECONDS)).isTrue();

      Future<StoredKey> other = callers.submit(() -> oneAtATime.get(endpoint, PHONE, OTHER_TOKEN));

      assertThat(other.get(5, TimeUnit.SECONDS).isSet()).isTrue();
      assertThat(slow.isDone()).as("the slow call is still waiting for its answer").isFalse();
      release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).isSet()).isTrue();
    } finally {
      release.countDown();
      callers.shutdownNow();
      oneAtATime.close();
    }
  }

  @Test
  void aFloodingTokenDoesNotQueueAheadOfAnotherTokensCall() throws Exception {
    List<String> arrivals = new CopyOnWriteArrayList<>();
    CountDownLatch floodFlowing = new CountDownLatch(3);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            boolean flood = request.getHeaders().get("Authorization").endsWith(TOKEN_TEXT);
            arrivals.add(flood ? "flood" : "other");
            floodFlowing.countDown();
            return json(200, VALID_FLAT);
          }
        });
    // 10 starts a second for the whole client, 8 in flight per token; 40 callers flood one token
    // while another token makes six calls one after the other.
    GraphClient shared = realTimeClient(10, 8);
    ExecutorService flood = Executors.newFixedThreadPool(40);
    try {
      for (int i = 0; i < 40; i++) {
        flood.submit(() -> shared.get(endpoint, PHONE, TOKEN));
      }
      assertThat(floodFlowing.await(10, TimeUnit.SECONDS)).isTrue();
      int before = arrivals.size();

      for (int i = 0; i < 6; i++) {
        shared.get(endpoint, PHONE, OTHER_TOKEN);
      }

      List<String> since = List.copyOf(arrivals.subList(before, arrivals.size()));
      int floodAhead = 0;
      int mostAhead = 0;
      for (String arrival : since) {
        if (arrival.equals("flood")) {
          floodAhead++;
        } else {
          mostAhead = Math.max(mostAhead, floodAhead);
          floodAhead = 0;
        }
      }
      assertThat(mostAhead)
          .as("flood requests served before one of the other token's calls: %s", since)
          .isLessThanOrEqualTo(2);
    } finally {
      flood.shutdownNow();
      shared.close();
    }
  }

  // --- allowed endpoints ---

  @Test
  void anEndpointOffTheAllowListIsRefusedWithoutARequest() {
    GraphClient guarded =
        new GraphClient(
            GraphClientSettings.defaults().withAllowedBaseUrls(AllowedBaseUrls.defaults()),
            registry,
            time,
            () -> 0.5);

    GraphApiException get =
        catchThrowableOfType(GraphApiException.class, () -> guarded.get(endpoint, PHONE, TOKEN));
    GraphApiException register =
        catchThrowableOfType(
            GraphApiException.class,
            () -> guarded.register(endpoint, PHONE, TOKEN, TestKeys.RSA_2048_PUBLIC_PEM));
    guarded.close();

    for (GraphApiException refusal : List.of(get, register)) {
      assertThat(refusal.reason()).isEqualTo(GraphErrorReason.InvalidSpec);
      assertThat(refusal.isRetryable()).isFalse();
      assertThat(refusal.getMessage())
          .contains("is not on the operator's allow-list", "https://graph.facebook.com")
          .doesNotContain(TOKEN_TEXT);
    }
    assertThat(server.getRequestCount()).isZero();
    assertThat(registry.find(GraphMetrics.REQUESTS).counters()).isEmpty();
  }

  @Test
  void anEndpointOnTheAllowListIsCalled() throws Exception {
    GraphClient guarded =
        new GraphClient(
            GraphClientSettings.defaults()
                .withAllowedBaseUrls(AllowedBaseUrls.parse(server.url("/").toString(), null)),
            registry,
            time,
            () -> 0.5);
    server.enqueue(json(200, VALID_FLAT));

    assertThat(guarded.get(endpoint, PHONE, TOKEN).isSet()).isTrue();
    guarded.close();
  }

  // --- the version that served the call ---

  @Test
  void anUpgradedCallIsReportedAndCounted() throws Exception {
    GraphEndpoint retired = GraphEndpoint.of(server.url("/").toString(), "v21.0", null);
    server.enqueue(
        json(200, VALID_FLAT).newBuilder().addHeader("facebook-api-version", "v22.0").build());
    server.enqueue(
        json(200, VALID_FLAT).newBuilder().addHeader("facebook-api-version", "v22.0").build());
    server.enqueue(
        json(200, "{\"success\":true}")
            .newBuilder()
            .addHeader("facebook-api-version", "v22.0")
            .build());

    assertThat(client.get(retired, PHONE, TOKEN).servedVersion()).contains("v22.0");
    client.get(retired, PHONE, TOKEN);
    client.register(retired, PHONE, TOKEN, TestKeys.RSA_2048_PUBLIC_PEM);

    assertThat(upgraded("v21.0", "v22.0")).isEqualTo(3.0);
  }

  @Test
  void aCallServedAsAskedIsNotCounted() throws Exception {
    server.enqueue(
        json(200, VALID_FLAT)
            .newBuilder()
            .addHeader("facebook-api-version", GraphEndpoint.DEFAULT_VERSION)
            .build());
    server.enqueue(json(200, VALID_FLAT));

    assertThat(client.get(endpoint, PHONE, TOKEN).servedVersion())
        .contains(GraphEndpoint.DEFAULT_VERSION);
    assertThat(client.get(endpoint, PHONE, TOKEN).servedVersion()).isEmpty();
    assertThat(registry.find(GraphMetrics.VERSION_UPGRADED).counters()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"latest", "v22.0; evil=1", "v22.0 v23.0", "v123456789.0", "22.0", "v22.0\u00e9"})
  void aVersionHeaderThatIsNotAVersionIsIgnored(String header) throws Exception {
    server.enqueue(
        json(200, VALID_FLAT)
            .newBuilder()
            .addHeaderLenient("facebook-api-version", header)
            .build());

    assertThat(client.get(endpoint, PHONE, TOKEN).servedVersion()).isEmpty();
    assertThat(registry.find(GraphMetrics.VERSION_UPGRADED).counters()).isEmpty();
  }

  // --- helpers ---

  /** One try per call, on the real clock, waiting up to 30 s for the budget. */
  private GraphClient realTimeClient(double requestsPerSecond, int maxConcurrentPerToken) {
    return client(
        1, Duration.ofMillis(10), requestsPerSecond, maxConcurrentPerToken, Ticker.SYSTEM);
  }

  private GraphClient client(int maxAttempts, Ticker timeSource) {
    return client(maxAttempts, Duration.ofMillis(100), 1000, 8, timeSource);
  }

  private GraphClient client(
      int maxAttempts,
      Duration initialBackoff,
      double requestsPerSecond,
      int maxConcurrentPerToken,
      Ticker timeSource) {
    return new GraphClient(
        new GraphClientSettings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            maxAttempts,
            Duration.ofSeconds(30),
            initialBackoff,
            requestsPerSecond,
            maxConcurrentPerToken,
            AllowedBaseUrls.unrestricted(),
            OutboundProxy.NONE),
        registry,
        timeSource,
        () -> 0.5);
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse(status, Headers.of("Content-Type", "application/json"), body);
  }

  private double upgraded(String requested, String served) {
    Counter counter =
        registry
            .find(GraphMetrics.VERSION_UPGRADED)
            .tag("requested", requested)
            .tag("served", served)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private double requests(String method, String outcome) {
    Counter counter =
        registry
            .find(GraphMetrics.REQUESTS)
            .tag("method", method)
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * application/x-www-form-urlencoded as browsers and OkHttp's FormBody write it: space as '+', so
   * a literal '+' must be %2B; newline, '/' and '=' percent-encoded.
   */
  private static String formEncode(String pem) {
    StringBuilder out = new StringBuilder();
    for (char c : pem.toCharArray()) {
      switch (c) {
        case ' ' -> out.append('+');
        case '\n' -> out.append("%0A");
        case '+' -> out.append("%2B");
        case '/' -> out.append("%2F");
        case '=' -> out.append("%3D");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private interface Call {
    void run() throws GraphApiException;
  }

  private static void collect(List<String> texts, Call call) {
    try {
      call.run();
    } catch (GraphApiException e) {
      texts.add(e.getMessage());
      texts.add(e.toString());
    }
  }
}
