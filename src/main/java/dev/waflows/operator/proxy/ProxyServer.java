package dev.waflows.operator.proxy;

import dev.waflows.operator.flows.CipherProvider;
import dev.waflows.operator.flows.FlowsCipher;
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
   * Threads: {@link #threads(int)}. Idle connections are closed after 15 s, above the longest
   * upstream timeout (10 s), so a request waiting for the app is never cut off.
   */
  static final BoundedServer.Limits LIMITS =
      new BoundedServer.Limits(
          threads(Runtime.getRuntime().availableProcessors()),
          4096,
          Duration.ofSeconds(15),
          Duration.ofSeconds(10));

  static final Duration RELOAD_PERIOD = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

  private final CipherProvider cipherProvider;
  private final WatchedFiles<KeySnapshot> keys;
  private final Optional<WatchedFiles<List<byte[]>>> appSecrets;
  private final ScheduledExecutorService reloads;
  private final BoundedServer server;
  private final ManagementServer management;

  private ProxyServer(
      ProxyConfig config, PrometheusMeterRegistry registry, BoundedServer.Limits limits)
      throws IOException {
    ProxyMetrics metrics = new ProxyMetrics(registry);
    cipherProvider = CipherProvider.nativeIfAvailable();
    log.info("RSA-OAEP and AES-GCM by {}", cipherProvider);
    metrics.cipherProvider(cipherProvider);
    FlowsCipher cipher = new FlowsCipher(cipherProvider);
    keys = KeyDirectory.watch(config.keyDir(), config.passphraseFile(), cipher, metrics);
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
    Upstream upstream =
        new Upstream(config.upstream(), config.upstreamTimeout(), limits.maxConnections());
    ProxyHandler handler =
        new ProxyHandler(
            keys::value,
            () -> appSecrets.flatMap(WatchedFiles::value),
            !config.skipSignatureCheck(),
            config.maxBodyBytes(),
            config.answerPing(),
            cipher,
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

  /**
   * The threads of the proxy's server for {@code cores} processors. They only compute (about a
   * millisecond of CPU per request, opening it and sealing its answer) and never wait for the app,
   * so two per core keep the cores busy when one is descheduled; more only spread the same work
   * over more threads and caches. Three more are held by the acceptor and the two selectors (Meta's
   * connections, the app's).
   */
  static int threads(int cores) {
    return 3 + Math.max(4, 2 * cores);
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

  /** Who does the RSA and AES-GCM work. */
  public CipherProvider cipherProvider() {
    return cipherProvider;
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
    management.close();
  }
}
