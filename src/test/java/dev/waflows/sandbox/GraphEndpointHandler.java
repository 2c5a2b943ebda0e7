package dev.waflows.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers {@code GET} and {@code POST /{version}/{phoneNumberId}/whatsapp_business_encryption} in
 * Graph's order of checks: version, injected failure, rate limit, token, phone number, then the
 * operation. Every answer of a served version carries {@code facebook-api-version}, naming the
 * version that served it (see {@link ApiVersions}).
 */
final class GraphEndpointHandler implements HttpHandler {
  private static final Pattern PATH =
      Pattern.compile("^/(v[0-9]+\\.[0-9]+)/([^/]+)/whatsapp_business_encryption/?$");
  // Graph's own body limit is far above a PEM; this only keeps a stray upload from hogging memory.
  private static final int MAX_BODY = 64 * 1024;
  private static final String KEY_PARAM = "business_public_key";
  static final String VERSION_HEADER = "facebook-api-version";

  private final AccessRules access;
  private final FaultPlan faults;
  private final KeyRegistry keys;
  private final RequestStats stats;
  private final ApiVersions versions;
  private volatile Shape shape = Shape.WRAPPED;

  GraphEndpointHandler(
      AccessRules access,
      FaultPlan faults,
      KeyRegistry keys,
      RequestStats stats,
      ApiVersions versions) {
    this.access = access;
    this.faults = faults;
    this.keys = keys;
    this.stats = stats;
    this.versions = versions;
  }

  void setShape(Shape shape) {
    this.shape = shape;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    stats.enter();
    try {
      // Read the body up front so the connection can be reused whatever the answer.
      byte[] body = readBody(exchange.getRequestBody());
      faults.applyLatency();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      boolean tokenAccepted =
          access.tokenAccepted(exchange.getRequestHeaders().getFirst("Authorization"));
      Matcher m = PATH.matcher(path);
      String id = m.matches() ? m.group(2) : null;
      Reply reply;
      if (id == null) {
        reply = GraphErrors.unknownPath(path);
      } else {
        stats.count(method, id);
        Optional<String> served = versions.serving(m.group(1));
        reply =
            served.isEmpty()
                ? GraphErrors.unknownPath(path)
                : answer(exchange, id, tokenAccepted, body)
                    .withHeader(VERSION_HEADER, served.get());
      }
      stats.record(new RequestRecord(method, path, id, tokenAccepted, reply.status()));
      reply.send(exchange);
    } catch (InterruptedException e) {
      // Only happens when the sandbox is closing: drop the request.
      Thread.currentThread().interrupt();
    } finally {
      stats.exit();
      exchange.close();
    }
  }

  private Reply answer(HttpExchange exchange, String id, boolean tokenAccepted, byte[] body) {
    String method = exchange.getRequestMethod();
    FaultPlan.Failure failure = faults.nextFailure();
    if (failure != null) {
      return GraphErrors.injected(failure);
    }
    if (!faults.tryAcquire()) {
      stats.rateLimited();
      return GraphErrors.rateLimited();
    }
    if (!tokenAccepted) {
      return GraphErrors.invalidToken();
    }
    if (!access.isKnown(id)) {
      return GraphErrors.unsupportedRequest(method, id);
    }
    if (access.isDenied(id)) {
      return GraphErrors.permissionDenied();
    }
    return switch (method) {
      case "GET" -> read(id);
      case "POST" -> register(exchange, id, body);
      default -> GraphErrors.unsupportedRequest(method, id);
    };
  }

  private Reply read(String id) {
    Optional<StoredKey> stored = keys.get(id);
    Shape current = shape;
    if (stored.isEmpty()) {
      return Reply.ok(current == Shape.FLAT ? Map.of() : Map.of("data", List.of()));
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put(KEY_PARAM, stored.get().pem());
    if (stored.get().status() != null) {
      entry.put("business_public_key_signature_status", stored.get().status());
    }
    return Reply.ok(current == Shape.FLAT ? entry : Map.of("data", List.of(entry)));
  }

  private Reply register(HttpExchange exchange, String id, byte[] body) {
    // Graph takes parameters from the query string too; the form body wins when both are given.
    Map<String, String> params = parseForm(exchange.getRequestURI().getRawQuery());
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
      params.putAll(parseForm(new String(body, StandardCharsets.UTF_8)));
    }
    String pem = params.get(KEY_PARAM);
    if (pem == null || pem.isBlank()) {
      return GraphErrors.missingKeyParameter();
    }
    if (!KeyRegistry.isRsaPublicKeyPem(pem)) {
      return GraphErrors.invalidKey();
    }
    keys.register(id, pem);
    return Reply.ok(Map.of("success", true));
  }

  private static Map<String, String> parseForm(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.put(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformedEscape) {
        // Skip what cannot be decoded; the missing parameter is then reported as Graph would.
      }
    }
    return out;
  }

  private static byte[] readBody(InputStream in) throws IOException {
    try (in) {
      byte[] body = in.readNBytes(MAX_BODY);
      // Discard the rest of an oversized body so the connection stays usable.
      in.transferTo(OutputStream.nullOutputStream());
      return body;
    }
  }
}
