package dev.waflows.operator.ops;

import dev.waflows.operator.config.ConfigValues;
import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.proxy.ProxyConfig;
import dev.waflows.operator.proxy.ProxyServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the {@code proxy} subcommand: configuration, then the proxy until SIGTERM. */
final class ProxyMain {

  private ProxyMain() {}

  static void main(String[] args) throws InterruptedException {
    if (ConfigValues.wantsHelp(args)) {
      System.out.print(ProxyConfig.help());
      return;
    }
    ProxyConfig config =
        Startup.settingsOrExit(
            "flows-key-operator proxy",
            () -> ProxyConfig.load(args, System.getenv()).requireFiles());
    System.setProperty("flows.log.level", "info");
    System.setProperty("flows.log.libraryLevel", "info");
    Logger log = LoggerFactory.getLogger(ProxyMain.class);

    BuildInfo build = BuildInfo.current();
    PrometheusMeterRegistry registry = Startup.registryWithJvmMetrics();
    FlowsMetrics.buildInfo(registry, build.version(), build.revision());

    ProxyServer proxy;
    try {
      proxy = ProxyServer.start(config, registry);
    } catch (IOException e) {
      log.error("could not start: {}", e.getMessage());
      LogManager.shutdown();
      System.exit(1);
      return;
    }
    // SIGTERM: stop accepting, let requests in flight finish (at most 10 s), then exit 0, as the
    // contract says: for a sidecar this is a normal end, not a failure.
    CountDownLatch stopped = Startup.onShutdown(log, proxy::close, true);
    log.info(
        "flows proxy {} (revision {}) serving on port {} (management port {}), upstream {},"
            + " keys: {}",
        build.version(),
        build.revision(),
        proxy.port(),
        proxy.managementPort(),
        config.upstream(),
        proxy.keyFingerprints());
    stopped.await();
  }
}
