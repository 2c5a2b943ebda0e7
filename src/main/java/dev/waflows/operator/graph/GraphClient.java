package dev.waflows.operator.graph;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Graph API client: one per process, shared by every reconciler thread. Blocking and
 * thread-safe. Each call is validated (an endpoint off the allow-list is refused unsent), then
 * tried with bounded retries within its token's {@link RequestBudget} (its fair share of the rate)
 * and the operator-wide {@link RateCeiling}. Every request sent is counted and timed in Micrometer,
 * and the Graph version that served it is read from the answer.
 *
 * <p>The token goes into the {@code Authorization} header and nowhere else: no log line, exception
 * message or {@code toString()} of this package contains it.
 */
public final class GraphClient implements WhatsAppEncryptionApi, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GraphClient.class);

  /** Graph answers here are small JSON objects; more than this is not Graph talking. */
  static final long MAX_BODY_BYTES = 64 * 1024;

  private static final long KEEP_ALIVE_MINUTES = 5;

  /** Reads a 2xx body (and the version that served it) into a result, or throws the failure. */
  private interface BodyReader<T> {
    T read(String body, Optional<String> servedVersion) throws GraphApiException;
  }

  private final OkHttpClient http;
  private final AllowedBaseUrls allowed;
  private final TokenBudgets budgets;
  private final RateCeiling ceiling;
  private final Retrier retrier;
  private final GraphMetrics metrics;
  private final Ticker time;

  /** A client with its own connection pool and request budgets. */
  public GraphClient(GraphClientSettings settings, MeterRegistry registry) {
    this(settings, registry, Ticker.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** For tests: a fake clock and sleeper, and a fixed jitter. */
  GraphClient(
      GraphClientSettings settings, MeterRegistry registry, Ticker time, DoubleSupplier jitter) {
    this(settings, registry, time, jitter, UnaryOperator.identity());
  }

  /** For tests: also a change to the HTTP client, such as trusting a test certificate authority. */
  GraphClient(
      GraphClientSettings settings,
      MeterRegistry registry,
      Ticker time,
      DoubleSupplier jitter,
      UnaryOperator<OkHttpClient.Builder> testTransport) {
    Objects.requireNonNull(settings, "settings");
    this.time = Objects.requireNonNull(time, "time");
    this.metrics = new GraphMetrics(Objects.requireNonNull(registry, "registry"));
    this.allowed = settings.allowedBaseUrls();
    this.budgets =
        new TokenBudgets(settings.requestsPerSecond(), settings.maxConcurrentRequests(), time);
    this.ceiling = new RateCeiling(settings.requestsPerSecond(), time);
    this.retrier =
        new Retrier(
            settings.maxAttempts(),
            settings.maxRetryTime(),
            new Backoff(settings.initialBackoff(), jitter),
            time);
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            .writeTimeout(settings.readTimeout())
            .callTimeout(settings.callTimeout())
            .connectionPool(
                new ConnectionPool(
                    settings.maxConcurrentRequests(), KEEP_ALIVE_MINUTES, TimeUnit.MINUTES))
            // A redirect could carry the request somewhere graphApi.baseUrl did not name.
            .followRedirects(false)
            .followSslRedirects(false)
            // Always our selector: OkHttp's default would follow the JVM's properties alone.
            .proxySelector(settings.proxy().selector())
            .proxyAuthenticator(settings.proxy().authenticator());
    this.http = testTransport.apply(builder).build();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The answer's {@link StoredKey#servedVersion()} names the Graph version that served the call,
   * when Graph said.
   */
  @Override
  public StoredKey get(GraphEndpoint endpoint, String phoneNumberId, AccessToken token)
      throws GraphApiException {
    Request request = EncryptionRequests.get(endpoint, phoneNumberId, token);
    return execute(
        endpoint,
        request,
        phoneNumberId,
        token,
        (body, served) ->
            EncryptionKeyResponseParser.parseStoredKey(body).withServedVersion(served));
  }

  @Override
  public void register(
      GraphEndpoint endpoint, String phoneNumberId, AccessToken token, String publicKeyPem)
      throws GraphApiException {
    Request request = EncryptionRequests.register(endpoint, phoneNumberId, token, publicKeyPem);
    execute(
        endpoint,
        request,
        phoneNumberId,
        token,
        (body, served) -> {
          EncryptionKeyResponseParser.confirmRegistered(body);
          return null;
        });
  }

  /**
   * Cancels calls still in flight (at shutdown, once reconciles had their time to finish), drops
   * pooled connections and stops OkHttp's threads.
   */
  @Override
  public void close() {
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "GraphClient";
  }

  private <T> T execute(
      GraphEndpoint endpoint,
      Request request,
      String phoneNumberId,
      AccessToken token,
      BodyReader<T> reader)
      throws GraphApiException {
    if (!allowed.allows(endpoint)) {
      // Checked here as well as by the caller: a token must never leave for an unlisted host.
      throw GraphApiException.notSent(
          GraphErrorReason.InvalidSpec, allowed.refusal(endpoint), null);
    }
    String what = request.method() + " " + phoneNumberId;
    Redactor redactor = Redactor.forToken(token);
    RequestBudget budget = budgets.of(token);
    return retrier.run(
        what,
        budget,
        deadline -> attempt(endpoint.version(), request, redactor, budget, reader, deadline));
  }

  private <T> T attempt(
      String version,
      Request request,
      Redactor redactor,
      RequestBudget budget,
      BodyReader<T> reader,
      long deadline)
      throws GraphApiException {
    // The token's own budget first, so a paused token never holds a place at the shared ceiling.
    try (RequestBudget.Permit permit = budget.acquire(deadline)) {
      ceiling.awaitStart(deadline);
      T answer = send(version, request, redactor, reader);
      budget.answered();
      return answer;
    } catch (GraphApiException e) {
      if (e.reason() != GraphErrorReason.RateLimited) {
        budget.answered();
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GraphApiException.builder(
              GraphErrorReason.GraphUnavailable,
              "interrupted while waiting for the Graph API request budget")
          .cause(e)
          .retryable(false)
          .build();
    }
  }

  private <T> T send(String version, Request request, Redactor redactor, BodyReader<T> reader)
      throws GraphApiException {
    String method = request.method();
    String path = request.url().encodedPath();
    long started = time.nanoTime();
    String outcome = GraphMetrics.SUCCESS;
    try (Response response = http.newCall(request).execute()) {
      String body = response.peekBody(MAX_BODY_BYTES).string();
      Optional<String> served = ApiVersionHeader.servedVersion(response.headers());
      LOG.debug(
          "Graph {} {} answered HTTP {} ({}) in {} ms",
          method,
          path,
          response.code(),
          served.orElse("no version header"),
          TimeUnit.NANOSECONDS.toMillis(time.nanoTime() - started));
      served
          .filter(servedVersion -> !servedVersion.equals(version))
          .ifPresent(servedVersion -> metrics.versionUpgraded(version, servedVersion));
      if (!response.isSuccessful()) {
        throw GraphErrorMapper.fromResponse(
            response.code(), body, response.headers(), time.now(), redactor);
      }
      return reader.read(body, served);
    } catch (IOException e) {
      GraphApiException failure = GraphErrorMapper.fromIOException(e, redactor);
      outcome = failure.reason().name();
      LOG.debug("Graph {} {} failed: {}", method, path, failure.getMessage());
      throw failure;
    } catch (GraphApiException e) {
      outcome = e.reason().name();
      throw e;
    } finally {
      metrics.record(method, outcome, time.nanoTime() - started);
    }
  }
}
