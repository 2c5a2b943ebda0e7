package dev.waflows.operator.proxy;

import dev.waflows.operator.management.BoundedServer;
import dev.waflows.operator.management.ManagementServer;
import dev.waflows.operator.management.WatchedFiles;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy: Meta's port, the management port, and the key and app secret files checked
 * every second. {@link #close()} stops taking connections, lets requests in flight finish (at most
 * 10 s), then stops the rest.
 */
public final class ProxyServer implements AutoCloseable {

  /**
   * Threads for opening requests (about a millisecond of CPU each) and writing answers; the app's
   * work holds none of them. Idle connections are closed after 15 s, above the longest upstream
   * timeout (10 s), so a request waiting for the app is never cut off.
   */
  static final BoundedServer.Limits LIMITS =
      new BoundedServer.Limits(32, 4096, Duration.ofSeconds(15), Duration.ofSeconds(10));

  static final Duration RELOAD_PERIOD = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

  private final WatchedFiles<KeySnapshot> keys;
  private final Optional<WatchedFiles<List<byte[]>>> appSecrets;
  private final ScheduledExecutorService reloads;
  private final Upstream upstream;
  private final BoundedServer server;
  private final ManagementServer management;

  private ProxyServer(
      ProxyConfig config, PrometheusMeterRegistry registry, BoundedServer.Limits limits)
      throws IOException {
    ProxyMetrics metrics = new ProxyMetrics(registry);
    keys = KeyDirectory.watch(config.keyDir(), config.passphraseFile(), metrics);
    appSecrets =
        config.skipSignatureCheck()
            ? Optional.empty()
            : Optional.of(
                AppSecrets.watch(
                    config.appSecretFile().orElseThrow(), config.previousAppSecretFile(), metrics));
    // Loaded before the port opens, so that a proxy with good files is ready at once.
    checkFiles();
    reloads =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "flows-proxy-reload");
              t.setDaemon(true);
              return t;
            });
    reloads.scheduleWithFixedDelay(
        this::checkFiles,
        RELOAD_PERIOD.toMillis(),
        RELOAD_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
    upstream = new Upstream(config.upstream(), config.upstreamTimeout());
    ProxyHandler handler =
        new ProxyHandler(
            keys::value,
            () -> appSecrets.flatMap(WatchedFiles::value),
            !config.skipSignatureCheck(),
            config.maxBodyBytes(),
            config.answerPing(),
            upstream,
            metrics);
    BoundedServer started = null;
    try {
      started = BoundedServer.start("flows-proxy", config.port(), limits, handler);
      management =
          new ManagementServer(config.managementPort(), () -> true, this::isReady, registry);
    } catch (IOException e) {
      if (started != null) {
        started.close();
      }
      reloads.shutdownNow();
      upstream.close();
      throw e;
    }
    server = started;
  }

  /**
   * Loads the files and opens both ports.
   *
   * @throws IOException if a port cannot be bound
   */
  public static ProxyServer start(ProxyConfig config, PrometheusMeterRegistry registry)
      throws IOException {
    return start(config, registry, LIMITS);
  }

  static ProxyServer start(
      ProxyConfig config, PrometheusMeterRegistry registry, BoundedServer.Limits limits)
      throws IOException {
    return new ProxyServer(config, registry, limits);
  }

  /** A private key is loaded, and the app secret unless the signature check is off. */
  public boolean isReady() {
    return keys.value().isPresent() && appSecrets.map(s -> s.value().isPresent()).orElse(true);
  }

  /** The port for Meta's requests. */
  public int port() {
    return server.port();
  }

  /** The port of /healthz, /readyz and /metrics. */
  public int managementPort() {
    return management.port();
  }

  /** Fingerprints of the keys that open requests, for the start-up log line. */
  public String keyFingerprints() {
    return keys.value()
        .map(k -> "current " + k.current() + k.previous().map(p -> ", previous " + p).orElse(""))
        .orElse("none loaded");
  }

  private void checkFiles() {
    try {
      keys.check();
      appSecrets.ifPresent(WatchedFiles::check);
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log and keep checking.
      log.error("checking the key and app secret files failed", e);
    }
  }

  @Override
  public void close() {
    server.close();
    reloads.shutdownNow();
    upstream.close();
    management.close();
  }
}
