package dev.waflows.operator.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waflows.operator.flows.CannotDecryptException;
import dev.waflows.operator.flows.EncryptedRequest;
import dev.waflows.operator.flows.FlowsCipher;
import dev.waflows.operator.flows.MalformedRequestException;
import dev.waflows.operator.flows.OpenedRequest;
import dev.waflows.operator.flows.Ping;
import dev.waflows.operator.flows.RequestSignature;
import dev.waflows.operator.management.Responses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request from Meta, as the contract's request/answer table says: the cheap refusals first
 * (method, size, signature, shape), then RSA with the current and the previous key, then the app,
 * then its answer sealed. Nothing of a body, a key or a secret is logged.
 */
final class ProxyHandler extends Handler.Abstract {

  private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String APPLICATION_JSON = "application/json";

  private final Supplier<Optional<KeySnapshot>> keys;
  private final Supplier<Optional<List<byte[]>>> appSecrets;
  private final boolean checkSignature;
  private final int maxBodyBytes;
  private final boolean answerPing;
  private final Upstream upstream;
  private final ProxyMetrics metrics;
  private final FlowsCipher cipher;

  /**
   * @param appSecrets the secrets that may sign requests; ignored when {@code checkSignature} is
   *     false
   */
  ProxyHandler(
      Supplier<Optional<KeySnapshot>> keys,
      Supplier<Optional<List<byte[]>>> appSecrets,
      boolean checkSignature,
      int maxBodyBytes,
      boolean answerPing,
      FlowsCipher cipher,
      Upstream upstream,
      ProxyMetrics metrics) {
    this.keys = keys;
    this.appSecrets = appSecrets;
    this.checkSignature = checkSignature;
    this.maxBodyBytes = maxBodyBytes;
    this.answerPing = answerPing;
    this.cipher = cipher;
    this.upstream = upstream;
    this.metrics = metrics;
    // Started after this server's threads and stopped once the requests in flight are done.
    addBean(upstream, true);
  }

  @Override
  protected void doStart() throws Exception {
    upstream.runOn(getServer().getThreadPool());
    super.doStart();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange exchange = new Exchange(request, response, callback, System.nanoTime());
    if (!HttpMethod.POST.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      exchange.refuse(Outcome.METHOD_NOT_ALLOWED, "only POST\n");
      return true;
    }
    if (request.getLength() > maxBodyBytes) {
      exchange.tooLarge();
      return true;
    }
    BodyReader.read(
        request,
        maxBodyBytes,
        new BodyReader.Receiver() {
          @Override
          public void body(byte[] body) {
            guarded(exchange, () -> process(exchange, body));
          }

          @Override
          public void tooLarge() {
            exchange.tooLarge();
          }

          @Override
          public void failed(Throwable failure) {
            // The client went away or broke the framing: nothing to answer.
            callback.failed(failure);
          }
        });
    return true;
  }

  private void process(Exchange exchange, byte[] body) {
    if (checkSignature && !signed(exchange.request, body)) {
      exchange.refuse(Outcome.BAD_SIGNATURE, "request signature check failed\n");
      return;
    }
    EncryptedRequest envelope;
    try {
      envelope = EncryptedRequest.parse(body);
    } catch (MalformedRequestException e) {
      exchange.refuse(Outcome.MALFORMED, e.getMessage() + "\n");
      return;
    }
    Optional<KeySnapshot> snapshot = keys.get();
    if (snapshot.isEmpty()) {
      exchange.refuse(Outcome.NOT_READY, "no private key loaded yet\n");
      return;
    }
    KeySlot slot = KeySlot.CURRENT;
    OpenedRequest opened = open(envelope, snapshot.get().current());
    if (opened == null && snapshot.get().previous().isPresent()) {
      slot = KeySlot.PREVIOUS;
      opened = open(envelope, snapshot.get().previous().get());
    }
    if (opened == null) {
      exchange.refuse(Outcome.CANNOT_DECRYPT, "the request cannot be decrypted\n");
      return;
    }
    exchange.key = slot;
    if (answerPing && Ping.isPing(opened.plaintext())) {
      exchange.sealed(Outcome.PING, cipher.sealResponse(Ping.activeAnswer(), opened));
      return;
    }
    forward(exchange, opened, slot);
  }

  private void forward(Exchange exchange, OpenedRequest opened, KeySlot slot) {
    long start = System.nanoTime();
    upstream.post(
        exchange.request.getHttpURI().getPathQuery(),
        opened.plaintext(),
        slot,
        answer -> {
          metrics.upstreamAnswered(start);
          guarded(exchange, () -> answered(exchange, opened, answer));
        });
  }

  private void answered(Exchange exchange, OpenedRequest opened, Upstream.Answer answer) {
    if (answer.timedOut()) {
      exchange.refuse(Outcome.UPSTREAM_TIMEOUT, "the app did not answer in time\n");
      return;
    }
    boolean json = isJsonObject(answer.body());
    if (answer.status() == 200 && json) {
      exchange.sealed(Outcome.OK, cipher.sealResponse(answer.body(), opened));
    } else if (answer.status() == 427 && json) {
      exchange.answer(Outcome.FLOW_TOKEN_INVALID, APPLICATION_JSON, answer.body());
    } else {
      log.debug(
          "the app answered {} ({} bytes, {}JSON): 502",
          answer.status() == 0 ? "nothing" : answer.status(),
          answer.body().length,
          json ? "" : "not ");
      exchange.refuse(Outcome.UPSTREAM_ERROR, "the app's answer cannot be passed on\n");
    }
  }

  /** A bug must still end the request (Jetty answers 500), not leave it open until a timeout. */
  private static void guarded(Exchange exchange, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      // The class only: our messages hold no secret, but a library's might.
      log.error("answering a request failed: {}", e.getClass().getName());
      exchange.callback.failed(e);
    }
  }

  private boolean signed(Request request, byte[] body) {
    Optional<List<byte[]>> secrets = appSecrets.get();
    return secrets.isPresent()
        && RequestSignature.matches(
            request.getHeaders().get(RequestSignature.HEADER), body, secrets.get());
  }

  private OpenedRequest open(EncryptedRequest envelope, KeySnapshot.OpeningKey key) {
    try {
      return cipher.open(envelope, key.key());
    } catch (CannotDecryptException e) {
      return null;
    }
  }

  private static boolean isJsonObject(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject();
    } catch (IOException e) {
      return false;
    }
  }

  /** One request's answer, and the metric that records it. */
  private final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;
    final long start;
    KeySlot key = KeySlot.NONE;

    Exchange(Request request, Response response, Callback callback, long start) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.start = start;
    }

    void refuse(Outcome outcome, String reason) {
      answer(outcome, TEXT, reason.getBytes(StandardCharsets.UTF_8));
    }

    void tooLarge() {
      // The rest of the body stays unread: the connection cannot carry another request.
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      refuse(Outcome.TOO_LARGE, "the request is larger than " + maxBodyBytes + " bytes\n");
    }

    void sealed(Outcome outcome, String base64) {
      answer(outcome, TEXT, base64.getBytes(StandardCharsets.US_ASCII));
    }

    void answer(Outcome outcome, String contentType, byte[] body) {
      metrics.answered(outcome, key, start);
      Responses.write(response, callback, outcome.status, contentType, body);
    }
  }
}
