package dev.waflows.operator.graph;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Graph API client: one per process, shared by every reconciler thread. Blocking and
 * thread-safe. Each call is validated, then tried (within the shared {@link RequestBudget}) with
 * bounded retries; every request sent is counted and timed in Micrometer.
 *
 * <p>The token goes into the {@code Authorization} header and nowhere else: no log line, exception
 * message or {@code toString()} of this package contains it.
 */
public final class GraphClient implements WhatsAppEncryptionApi, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GraphClient.class);

  /** Graph answers here are small JSON objects; more than this is not Graph talking. */
  static final long MAX_BODY_BYTES = 64 * 1024;

  private static final long KEEP_ALIVE_MINUTES = 5;

  /** Reads a 2xx body into a result, or throws the typed failure. */
  private interface BodyReader<T> {
    T read(String body) throws GraphApiException;
  }

  private final OkHttpClient http;
  private final RequestBudget budget;
  private final Retrier retrier;
  private final GraphMetrics metrics;
  private final Ticker time;

  /** A client with its own connection pool and request budget. */
  public GraphClient(GraphClientSettings settings, MeterRegistry registry) {
    this(settings, registry, Ticker.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** For tests: a fake clock and sleeper, and a fixed jitter. */
  GraphClient(
      GraphClientSettings settings, MeterRegistry registry, Ticker time, DoubleSupplier jitter) {
    Objects.requireNonNull(settings, "settings");
    this.time = Objects.requireNonNull(time, "time");
    this.metrics = new GraphMetrics(Objects.requireNonNull(registry, "registry"));
    this.budget =
        new RequestBudget(settings.requestsPerSecond(), settings.maxConcurrentRequests(), time);
    this.retrier =
        new Retrier(
            settings.maxAttempts(),
            settings.maxRetryTime(),
            new Backoff(settings.initialBackoff(), jitter),
            budget,
            time);
    this.http =
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
            .build();
  }

  @Override
  public StoredKey get(GraphEndpoint endpoint, String phoneNumberId, AccessToken token)
      throws GraphApiException {
    Request request = EncryptionRequests.get(endpoint, phoneNumberId, token);
    return execute(request, phoneNumberId, token, EncryptionKeyResponseParser::parseStoredKey);
  }

  @Override
  public void register(
      GraphEndpoint endpoint, String phoneNumberId, AccessToken token, String publicKeyPem)
      throws GraphApiException {
    Request request = EncryptionRequests.register(endpoint, phoneNumberId, token, publicKeyPem);
    execute(
        request,
        phoneNumberId,
        token,
        body -> {
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
      Request request, String phoneNumberId, AccessToken token, BodyReader<T> reader)
      throws GraphApiException {
    String what = request.method() + " " + phoneNumberId;
    Redactor redactor = Redactor.forToken(token);
    return retrier.run(what, deadline -> attempt(request, redactor, reader, deadline));
  }

  private <T> T attempt(Request request, Redactor redactor, BodyReader<T> reader, long deadline)
      throws GraphApiException {
    try (RequestBudget.Permit permit = budget.acquire(deadline)) {
      T answer = send(request, redactor, reader);
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

  private <T> T send(Request request, Redactor redactor, BodyReader<T> reader)
      throws GraphApiException {
    String method = request.method();
    String path = request.url().encodedPath();
    long started = time.nanoTime();
    String outcome = GraphMetrics.SUCCESS;
    try (Response response = http.newCall(request).execute()) {
      String body = response.peekBody(MAX_BODY_BYTES).string();
      LOG.debug(
          "Graph {} {} answered HTTP {} in {} ms",
          method,
          path,
          response.code(),
          TimeUnit.NANOSECONDS.toMillis(time.nanoTime() - started));
      if (!response.isSuccessful()) {
        throw GraphErrorMapper.fromResponse(
            response.code(), body, response.headers(), time.now(), redactor);
      }
      return reader.read(body);
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
