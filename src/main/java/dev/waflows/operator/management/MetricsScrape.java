package dev.waflows.operator.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers a scrape with the registry in Prometheus text format, at most {@link #CONCURRENT} at once
 * (others get 503 at once), so that slow scrapes never take every thread of a server.
 */
final class MetricsScrape {

  static final int CONCURRENT = 2;

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final Semaphore scrapes = new Semaphore(CONCURRENT);

  MetricsScrape(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  void answer(Response response, Callback callback) {
    if (!scrapes.tryAcquire()) {
      Responses.write(response, callback, 503, Responses.TEXT, "busy: another scrape is running\n");
      return;
    }
    String body;
    try {
      body = registry.scrape();
    } finally {
      scrapes.release();
    }
    Responses.write(response, callback, 200, PROMETHEUS_TEXT, body);
  }
}
