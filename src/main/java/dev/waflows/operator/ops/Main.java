package dev.waflows.operator.ops;

import dev.waflows.operator.config.OperatorConfig;
import dev.waflows.operator.endpoint.EndpointProber;
import dev.waflows.operator.graph.GraphClient;
import dev.waflows.operator.graph.GraphClientSettings;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.reconciler.TimeSource;
import dev.waflows.operator.reconciler.controller.ReconcilerContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the operator: configuration, logging, clients, HTTP probes, then the controller. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (OperatorConfig.wantsHelp(args)) {
      System.out.print(OperatorConfig.help());
      return;
    }
    BuildInfo build = BuildInfo.current();
    if (OperatorConfig.wantsVersion(args)) {
      System.out.println(build.describe());
      return;
    }
    OperatorConfig config;
    try {
      config = OperatorConfig.load(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("flows-key-operator: " + e.getMessage() + " (--help lists the options)");
      System.exit(2);
      return;
    }
    // Before the first logger exists, so that the chosen format applies everywhere.
    System.setProperty("flows.log.level", config.logLevel());
    System.setProperty("flows.log.libraryLevel", libraryLogLevel(config.logLevel()));
    if (config.logFormat() == OperatorConfig.LogFormat.JSON) {
      System.setProperty("log4j2.configurationFile", "log4j2-json.xml");
    }
    Logger log = LoggerFactory.getLogger(Main.class);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    FlowsMetrics.buildInfo(registry, build.version(), build.revision());

    KubernetesClient client = new KubernetesClientBuilder().build();
    GraphClient graph = new GraphClient(graphSettings(config), registry);
    ReconcilerContext context =
        new ReconcilerContext(
            client,
            config.namespaces(),
            graph,
            new RsaKeyGenerator(),
            new FlowsMetrics(registry),
            GraphEndpoint.of(config.graphBaseUrl(), config.graphApiVersion(), null),
            TimeSource.SYSTEM,
            Optional.of(config.watchLabelSelector()).filter(s -> !s.isBlank()),
            config.graphAllowedBaseUrls(),
            config.endpointAllowedUrls(),
            new EndpointProber());
    OperatorApp app = OperatorApp.fromConfig(context, registry, config);
    HealthServer health = new HealthServer(config.httpPort(), () -> true, app::isReady, registry);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // SIGTERM: stop taking work, let running reconciles finish (bounded by the
                  // termination timeout), hand the Lease back, then cancel what is left of Graph
                  // calls and close the API client. The key Secret is written by one create call
                  // before any number is registered, so no stage of this leaves half a Secret or
                  // a registered key that the Secret does not hold.
                  log.info("shutting down");
                  app.close();
                  graph.close();
                  client.close();
                  health.close();
                  log.info("stopped");
                  // Logging has no shutdown hook of its own (log4j2.xml): flush and stop it last.
                  LogManager.shutdown();
                  stopped.countDown();
                },
                "shutdown"));

    log.info(
        "flows-key-operator {} (revision {}) starting: namespaces={}, selector={}, graph={} {},"
            + " leaderElection={}, port={}",
        build.version(),
        build.revision(),
        config.namespaces().isEmpty() ? "all" : config.namespaces(),
        config.watchLabelSelector().isEmpty() ? "none" : config.watchLabelSelector(),
        config.graphBaseUrl(),
        config.graphApiVersion(),
        config.leaderElection(),
        health.port());
    try {
      app.start();
    } catch (RuntimeException e) {
      // Without this, JOSDK's executor threads would keep a broken process alive, and live.
      log.error("could not start: {} (Kubernetes API {})", rootCause(e), client.getMasterUrl(), e);
      System.exit(1);
    }
    stopped.await();
  }

  /**
   * The level of every logger but the operator's and JOSDK's: {@code logLevel}, but never below
   * info, because HTTP clients and the Kubernetes client log headers (tokens) and bodies (Secret
   * data) at debug and trace.
   */
  static String libraryLogLevel(String logLevel) {
    return logLevel.equals("trace") || logLevel.equals("debug") ? "info" : logLevel;
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null
        ? root.getClass().getSimpleName()
        : root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  static GraphClientSettings graphSettings(OperatorConfig config) {
    GraphClientSettings d = GraphClientSettings.defaults();
    return new GraphClientSettings(
        d.connectTimeout(),
        d.readTimeout(),
        config.graphCallTimeout(),
        d.maxAttempts(),
        d.maxRetryTime(),
        d.initialBackoff(),
        config.graphRequestsPerSecond(),
        config.graphMaxConcurrentRequests(),
        config.graphAllowedBaseUrls());
  }
}
