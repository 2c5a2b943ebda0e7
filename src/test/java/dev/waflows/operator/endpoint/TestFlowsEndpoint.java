package dev.waflows.operator.endpoint;

import dev.waflows.operator.flows.CannotDecryptException;
import dev.waflows.operator.flows.EncryptedRequest;
import dev.waflows.operator.flows.FlowsCipher;
import dev.waflows.operator.flows.MalformedRequestException;
import dev.waflows.operator.flows.OpenedRequest;
import dev.waflows.operator.flows.Ping;
import dev.waflows.operator.flows.RequestSignature;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * A Flows endpoint for tests, built on the same {@code flows} package as the proxy: it holds one
 * private key (which a test swaps, as a kubelet refreshing a mounted Secret would), checks the
 * signature when it knows an app secret, answers 421 when the key does not open a request, and
 * answers a ping sealed as Meta expects. Failure switches make it answer as broken endpoints do.
 */
public final class TestFlowsEndpoint implements AutoCloseable {

  /** How the endpoint behaves. */
  public enum Behaviour {
    /** As a correct endpoint. */
    SERVE,
    /** HTTP 200 with a body that is not sealed. */
    UNSEALED_ANSWER,
    /** HTTP 200, sealed, but {@code data.status} is not "active". */
    INACTIVE_ANSWER,
    /** HTTP 500. */
    ERROR_500,
    /** A 307 redirect to {@link #redirectTarget}. */
    REDIRECT,
    /** Reads the request and never answers. */
    HANG
  }

  private final MockWebServer server = new MockWebServer();
  private final FlowsCipher cipher = new FlowsCipher();
  private final AtomicReference<PrivateKey> key = new AtomicReference<>();
  private final AtomicReference<byte[]> appSecret = new AtomicReference<>();
  private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.SERVE);
  private final AtomicReference<String> redirectTarget =
      new AtomicReference<>("http://127.0.0.1:9/");
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
  private final AtomicInteger opened = new AtomicInteger();

  public TestFlowsEndpoint(PrivateKey initialKey) throws Exception {
    key.set(initialKey);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.incrementAndGet();
            requestsByPath
                .computeIfAbsent(request.getUrl().encodedPath(), p -> new AtomicInteger())
                .incrementAndGet();
            return answer(request);
          }
        });
    server.start(0);
  }

  /** The URL to probe. */
  public String url() {
    return server.url("/flows").toString();
  }

  /**
   * A URL with another path, so that a test can count its own probes ({@link #requests(String)}).
   */
  public String url(String path) {
    return server.url(path).toString();
  }

  /** Loads another private key, as after a Secret refresh. */
  public void holdKey(PrivateKey privateKey) {
    key.set(privateKey);
  }

  /** Checks signatures with this secret from now on (null: accepts unsigned requests). */
  public void requireAppSecret(byte[] secret) {
    appSecret.set(secret);
  }

  public void behave(Behaviour b) {
    behaviour.set(b);
  }

  public void redirectTo(String url) {
    redirectTarget.set(url);
  }

  /** Requests received so far. */
  public int requests() {
    return requests.get();
  }

  /** Requests received so far at this path. */
  public int requests(String path) {
    AtomicInteger n = requestsByPath.get(path);
    return n == null ? 0 : n.get();
  }

  /** Pings opened and answered as active so far. */
  public int opened() {
    return opened.get();
  }

  /** The next request received, for looking at headers. */
  public Optional<RecordedRequest> takeRequest() throws InterruptedException {
    return Optional.ofNullable(server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS));
  }

  private MockResponse answer(RecordedRequest request) {
    Behaviour b = behaviour.get();
    if (b == Behaviour.HANG) {
      return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
    }
    if (b == Behaviour.REDIRECT) {
      return new MockResponse.Builder()
          .code(307)
          .setHeader("Location", redirectTarget.get())
          .build();
    }
    if (b == Behaviour.ERROR_500) {
      return new MockResponse.Builder().code(500).body("{}").build();
    }
    byte[] raw = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    byte[] secret = appSecret.get();
    if (secret != null
        && !RequestSignature.matches(
            request.getHeaders().get(RequestSignature.HEADER), raw, List.of(secret))) {
      return new MockResponse.Builder().code(432).build();
    }
    OpenedRequest openedRequest;
    try {
      openedRequest = cipher.open(EncryptedRequest.parse(raw), key.get());
    } catch (MalformedRequestException e) {
      return new MockResponse.Builder().code(400).build();
    } catch (CannotDecryptException e) {
      return new MockResponse.Builder().code(421).build();
    }
    if (b == Behaviour.UNSEALED_ANSWER) {
      return new MockResponse.Builder()
          .code(200)
          .body("{\"data\":{\"status\":\"active\"}}")
          .build();
    }
    byte[] answer =
        b == Behaviour.INACTIVE_ANSWER
            ? "{\"data\":{\"status\":\"down\"}}".getBytes(StandardCharsets.UTF_8)
            : Ping.isPing(openedRequest.plaintext())
                ? Ping.activeAnswer()
                : "{}".getBytes(StandardCharsets.UTF_8);
    if (b == Behaviour.SERVE) {
      opened.incrementAndGet();
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/plain")
        .body(cipher.sealResponse(answer, openedRequest))
        .build();
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
