package dev.waflows.operator.endpoint;

import dev.waflows.operator.flows.CannotDecryptException;
import dev.waflows.operator.flows.FlowsCipher;
import dev.waflows.operator.flows.Ping;
import dev.waflows.operator.flows.RequestSignature;
import dev.waflows.operator.flows.SealedRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Probes a Flows endpoint the way Meta's health check does: a {@code ping} sealed to a public key
 * exactly as a WhatsApp client seals a request, signed with the app secret when one is given,
 * POSTed once. One per process, shared; blocking and thread-safe.
 *
 * <p>No redirect is followed (it could carry the probe somewhere the spec did not name), no request
 * is retried (each probe is one POST), at most {@link #MAX_ANSWER_BYTES} of an answer is read, and
 * a probe gives up after the call timeout (10 s, as Meta's do). The app secret, the AES key and the
 * bodies never reach a message.
 */
public final class EndpointProber implements AutoCloseable {

  /** Meta gives up on an endpoint after 10 s. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** A ping's answer is a few dozen bytes; more is not a Flows endpoint answering. */
  public static final long MAX_ANSWER_BYTES = 64 * 1024;

  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_ECHO = 200;

  private final OkHttpClient http;
  private final FlowsCipher cipher = new FlowsCipher();

  /** With the {@link #CALL_TIMEOUT}. */
  public EndpointProber() {
    this(CALL_TIMEOUT);
  }

  /** For tests: a shorter timeout. */
  public EndpointProber(Duration callTimeout) {
    Objects.requireNonNull(callTimeout, "callTimeout");
    this.http =
        new OkHttpClient.Builder()
            .callTimeout(callTimeout)
            .connectTimeout(callTimeout)
            .readTimeout(callTimeout)
            .writeTimeout(callTimeout)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .connectionPool(new ConnectionPool(4, 1, TimeUnit.MINUTES))
            .build();
  }

  /**
   * Sends one probe.
   *
   * @param url the endpoint, already checked against {@link EndpointUrls}
   * @param key the public key to seal the ping to
   * @param appSecret signs the probe when present
   */
  public ProbeResult probe(String url, PublicKey key, Optional<AppSecret> appSecret) {
    long start = System.nanoTime();
    HttpUrl target = HttpUrl.parse(url.strip());
    if (target == null) {
      return result(ProbeOutcome.BadResponse, "the endpoint URL is not an http(s) URL", start);
    }
    SealedRequest sealed = cipher.seal(Ping.request(), key);
    byte[] body = sealed.body().toJson();
    Request.Builder request =
        new Request.Builder().url(target).post(RequestBody.create(body, JSON));
    appSecret.ifPresent(
        s -> request.header(RequestSignature.HEADER, RequestSignature.sign(s.bytes(), body)));
    try (Response response = http.newCall(request.build()).execute()) {
      return classify(response, sealed, start);
    } catch (SSLException e) {
      return result(ProbeOutcome.Unreachable, "TLS failed: " + describe(e), start);
    } catch (InterruptedIOException e) {
      return result(
          ProbeOutcome.Unreachable,
          "no answer within " + http.callTimeoutMillis() / 1000 + " s",
          start);
    } catch (IOException e) {
      return result(ProbeOutcome.Unreachable, "cannot reach the endpoint: " + describe(e), start);
    }
  }

  private ProbeResult classify(Response response, SealedRequest sealed, long start)
      throws IOException {
    int code = response.code();
    if (code == 421) {
      return result(
          ProbeOutcome.CannotDecrypt,
          "the endpoint answered HTTP 421: it cannot open a request sealed to this key",
          start);
    }
    if (code == 432) {
      return result(
          ProbeOutcome.RejectedSignature,
          "the endpoint answered HTTP 432: it refused the probe's X-Hub-Signature-256"
              + " (is appSecretRef the app secret the endpoint checks?)",
          start);
    }
    if (response.isRedirect()) {
      return result(
          ProbeOutcome.BadResponse,
          "the endpoint answered HTTP " + code + ", a redirect; redirects are not followed",
          start);
    }
    if (code != 200) {
      return result(ProbeOutcome.BadResponse, "the endpoint answered HTTP " + code, start);
    }
    Optional<String> answer = readBounded(response.body());
    if (answer.isEmpty()) {
      return result(
          ProbeOutcome.BadResponse,
          "the endpoint's answer is larger than " + MAX_ANSWER_BYTES / 1024 + " KiB",
          start);
    }
    byte[] opened;
    try {
      opened = cipher.openResponse(answer.get(), sealed);
    } catch (CannotDecryptException e) {
      return result(
          ProbeOutcome.BadResponse,
          "the endpoint answered HTTP 200, but the answer does not open: " + e.getMessage(),
          start);
    }
    if (!Ping.isActive(opened)) {
      return result(
          ProbeOutcome.BadResponse,
          "the endpoint's answer opens, but its data.status is not \"active\"",
          start);
    }
    return result(
        ProbeOutcome.Opened, "the endpoint opened a ping sealed to the key and answered", start);
  }

  /** The body as text, or empty when it is longer than the bound (the rest is not read). */
  private static Optional<String> readBounded(ResponseBody body) throws IOException {
    BufferedSource source = body.source();
    if (source.request(MAX_ANSWER_BYTES + 1)) {
      return Optional.empty();
    }
    return Optional.of(source.getBuffer().readString(StandardCharsets.UTF_8));
  }

  private static ProbeResult result(ProbeOutcome outcome, String message, long start) {
    return new ProbeResult(outcome, message, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The exception's kind and message on one line, bounded: OkHttp's messages name hosts only. */
  private static String describe(IOException e) {
    String text =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    text = text.replaceAll("[\\p{Cntrl}]", " ");
    return text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
