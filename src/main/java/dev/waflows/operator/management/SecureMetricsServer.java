package dev.waflows.operator.management;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} over HTTPS for clients whose bearer token may {@code get /metrics} (see {@link
 * AuthorizedMetrics}), on a port of its own: the probes stay plain and unauthenticated on the
 * {@link ManagementServer}, and nothing on this port can delay them.
 */
public final class SecureMetricsServer implements AutoCloseable {

  /** As the plain server: a few threads, bounded connections, idle ones closed after 10 s. */
  private static final BoundedServer.Limits LIMITS =
      new BoundedServer.Limits(8, 256, Duration.ofSeconds(10), Duration.ZERO);

  /** How often a mounted certificate is checked for a change (cert-manager renews in place). */
  static final Duration CERTIFICATE_CHECK_PERIOD = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(SecureMetricsServer.class);

  private final BoundedServer server;
  private final AccessDecisions decisions;
  private final Optional<ScheduledExecutorService> certificateChecks;

  private SecureMetricsServer(
      BoundedServer server,
      AccessDecisions decisions,
      Optional<ScheduledExecutorService> certificateChecks) {
    this.server = server;
    this.decisions = decisions;
    this.certificateChecks = certificateChecks;
  }

  /**
   * Starts serving; on failure {@code decisions} is closed.
   *
   * @param port the port (0: any free port)
   * @throws IOException if the port cannot be bound
   */
  public static SecureMetricsServer start(
      int port,
      ServingCertificate certificate,
      AccessDecisions decisions,
      PrometheusMeterRegistry registry)
      throws IOException {
    return start(port, tls(certificate), decisions, registry, Optional.empty());
  }

  /**
   * Starts serving the certificate of {@code dir} ({@code tls.crt} and {@code tls.key}, see {@link
   * ServingCertificate#fromPem}), and serves a new one within {@link #CERTIFICATE_CHECK_PERIOD} of
   * a change to its files; a change that cannot be read leaves the served certificate in place (a
   * warning is logged).
   *
   * @throws IOException if the files cannot be read now, or the port cannot be bound
   */
  public static SecureMetricsServer startWatching(
      int port, Path dir, AccessDecisions decisions, PrometheusMeterRegistry registry)
      throws IOException {
    return startWatching(port, dir, decisions, registry, CERTIFICATE_CHECK_PERIOD);
  }

  static SecureMetricsServer startWatching(
      int port,
      Path dir,
      AccessDecisions decisions,
      PrometheusMeterRegistry registry,
      Duration checkPeriod)
      throws IOException {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    WatchedFiles<ServingCertificate> files =
        new WatchedFiles<>(
            "metrics certificate " + dir,
            () -> {
              Map<String, byte[]> read = new TreeMap<>();
              for (String name :
                  List.of(ServingCertificate.CERT_FILE, ServingCertificate.KEY_FILE)) {
                read.put(name, Files.readAllBytes(dir.resolve(name)));
              }
              return read;
            },
            read -> {
              try {
                return ServingCertificate.fromPem(
                    dir,
                    read.get(ServingCertificate.CERT_FILE),
                    read.get(ServingCertificate.KEY_FILE));
              } catch (IOException e) {
                throw new ReloadException(e.getMessage());
              }
            },
            certificate -> serve(tls, certificate, dir),
            () -> {});
    files.check();
    if (files.value().isEmpty()) {
      decisions.close();
      throw new IOException("metrics certificate " + dir + ": cannot be read (see the log)");
    }
    ScheduledExecutorService checks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "metrics-certificate-check");
              t.setDaemon(true);
              return t;
            });
    checks.scheduleWithFixedDelay(
        files::check, checkPeriod.toMillis(), checkPeriod.toMillis(), TimeUnit.MILLISECONDS);
    try {
      return start(port, tls, decisions, registry, Optional.of(checks));
    } catch (IOException | RuntimeException e) {
      checks.shutdownNow();
      throw e;
    }
  }

  private static SecureMetricsServer start(
      int port,
      SslContextFactory.Server tls,
      AccessDecisions decisions,
      PrometheusMeterRegistry registry,
      Optional<ScheduledExecutorService> certificateChecks)
      throws IOException {
    try {
      BoundedServer server =
          BoundedServer.startTls(
              "metrics-https",
              port,
              LIMITS,
              new AuthorizedMetrics(decisions, new MetricsScrape(registry)),
              tls);
      return new SecureMetricsServer(server, decisions, certificateChecks);
    } catch (IOException | RuntimeException e) {
      decisions.close();
      throw e;
    }
  }

  private static void serve(
      SslContextFactory.Server tls, ServingCertificate certificate, Path dir) {
    try {
      tls.reload(f -> useCertificate(f, certificate));
      log.info(
          "metrics certificate {}: serving {}",
          dir,
          certificate.chain().get(0).getSubjectX500Principal().getName());
    } catch (Exception e) {
      log.warn("metrics certificate {}: cannot serve the change: {}", dir, e.getClass().getName());
    }
  }

  /** The port actually bound. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    certificateChecks.ifPresent(ScheduledExecutorService::shutdownNow);
    server.close();
    decisions.close();
  }

  private static SslContextFactory.Server tls(ServingCertificate certificate) {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    useCertificate(tls, certificate);
    return tls;
  }

  private static void useCertificate(SslContextFactory tls, ServingCertificate certificate) {
    // The key store lives in memory only; its password guards nothing on disk.
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    tls.setKeyStore(certificate.keyStore(password.toCharArray()));
    tls.setKeyStorePassword(password);
    tls.setKeyManagerPassword(password);
  }
}
