package dev.waflows.operator.management;

import dev.waflows.operator.management.AccessReviewer.Access;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} for holders of a bearer token that may {@code get} it, as controller-runtime's
 * {@code WithAuthenticationAndAuthorization} filter: no or an invalid token 401, a valid token
 * whose holder may not read {@code /metrics} 403, otherwise the metrics. Nothing else is served
 * here.
 *
 * <p>A remembered decision is answered on the server thread that took the request; otherwise the
 * thread is given back while the review runs ({@link AccessDecisions}), and the answer is written
 * from Jetty's pool when it comes. The token is never logged.
 */
final class AuthorizedMetrics extends Handler.Abstract {

  static final String PATH = "/metrics";

  private static final Logger log = LoggerFactory.getLogger(AuthorizedMetrics.class);
  private static final String BEARER = "bearer ";

  private final AccessDecisions decisions;
  private final MetricsScrape scrape;

  AuthorizedMetrics(AccessDecisions decisions, MetricsScrape scrape) {
    this.decisions = decisions;
    this.scrape = scrape;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!PATH.equals(Request.getPathInContext(request))) {
      ManagementServer.notFound(response, callback);
      return true;
    }
    String token = bearerToken(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (token == null) {
      unauthorized(response, callback);
      return true;
    }
    var decision = decisions.decide(token);
    if (decision.isDone()) {
      // Remembered (or refused at once): answered on this thread.
      decision.whenComplete((access, failure) -> answer(access, failure, response, callback));
    } else {
      decision.whenComplete(
          (access, failure) -> {
            try {
              request
                  .getComponents()
                  .getExecutor()
                  .execute(() -> answer(access, failure, response, callback));
            } catch (RejectedExecutionException stopping) {
              callback.failed(stopping);
            }
          });
    }
    return true;
  }

  private void answer(Access access, Throwable failure, Response response, Callback callback) {
    if (failure != null || access == null) {
      unavailable(failure, response, callback);
      return;
    }
    switch (access) {
      case ALLOWED -> scrape.answer(response, callback);
      case FORBIDDEN ->
          Responses.write(
              response,
              callback,
              403,
              Responses.TEXT,
              "forbidden: this token may not get " + PATH + "\n");
      case UNAUTHENTICATED -> unauthorized(response, callback);
    }
  }

  private static void unavailable(Throwable failure, Response response, Callback callback) {
    Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
    if (cause instanceof AccessDecisions.Busy) {
      Responses.write(
          response, callback, 503, Responses.TEXT, "busy: too many access reviews running\n");
      return;
    }
    // The class only: a reviewer's exception text is not ours to trust with a token.
    log.warn(
        "cannot review access to {}: {}",
        PATH,
        cause instanceof TimeoutException
            ? "no answer in time"
            : cause == null ? "no decision" : cause.getClass().getSimpleName());
    Responses.write(
        response, callback, 503, Responses.TEXT, "cannot review access now, try again\n");
  }

  private static void unauthorized(Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
    Responses.write(response, callback, 401, Responses.TEXT, "unauthorized\n");
  }

  /** The token of {@code Authorization: Bearer <token>}, or null. */
  static String bearerToken(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
