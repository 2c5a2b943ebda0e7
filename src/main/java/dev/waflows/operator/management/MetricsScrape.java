package dev.waflows.operator.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
  // The next answer is about as large as the last: its buffer is made once, at about that size, and
  // sent as it is. With 10,000 resources an answer is 12 MB; a buffer grown by doubling, then
  // copied into a String and back into bytes made a scrape allocate 92 MiB instead of 62
  // (MetricsMemoryBenchmark).
  private volatile int lastSize = 64 * 1024;

  MetricsScrape(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  void answer(Response response, Callback callback) {
    if (!scrapes.tryAcquire()) {
      Responses.write(response, callback, 503, Responses.TEXT, "busy: another scrape is running\n");
      return;
    }
    Body body = new Body(lastSize + lastSize / 8);
    try {
      registry.scrape(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not from memory
    } finally {
      scrapes.release();
    }
    lastSize = body.size();
    Responses.write(response, callback, 200, PROMETHEUS_TEXT, body.asByteBuffer());
  }

  /** A buffer that hands over what it holds without a copy. */
  private static final class Body extends ByteArrayOutputStream {
    Body(int size) {
      super(size);
    }

    ByteBuffer asByteBuffer() {
      return ByteBuffer.wrap(buf, 0, count);
    }
  }
}
