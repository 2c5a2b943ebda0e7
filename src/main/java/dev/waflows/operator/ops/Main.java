package dev.waflows.operator.ops;

import dev.waflows.operator.config.OperatorConfig;
import dev.waflows.operator.endpoint.EndpointProber;
import dev.waflows.operator.graph.GraphClient;
import dev.waflows.operator.graph.GraphClientSettings;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.OutboundProxy;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.management.ManagementServer;
import dev.waflows.operator.management.SecureMetricsServer;
import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.metrics.KubernetesRequestCounter;
import dev.waflows.operator.reconciler.TimeSource;
import dev.waflows.operator.reconciler.controller.ReconcilerContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the operator: configuration, logging, clients, HTTP probes, then the controller; or, with
 * {@code proxy} as the first argument, the Flows endpoint proxy ({@link ProxyMain}).
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("proxy")) {
      ProxyMain.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (OperatorConfig.wantsHelp(args)) {
      System.out.print(OperatorConfig.help());
      return;
    }
    BuildInfo build = BuildInfo.current();
    if (OperatorConfig.wantsVersion(args)) {
      System.out.println(build.describe());
      return;
    }
    OperatorConfig config =
        Startup.settingsOrExit(
            "flows-key-operator", () -> OperatorConfig.load(args, System.getenv()));
    // Before the first logger exists, so that the chosen format applies everywhere.
    System.setProperty("flows.log.level", config.logLevel());
    System.setProperty("flows.log.libraryLevel", libraryLogLevel(config.logLevel()));
    if (config.logFormat() == OperatorConfig.LogFormat.JSON) {
      System.setProperty("log4j2.configurationFile", "log4j2-json.xml");
    }
    Logger log = LoggerFactory.getLogger(Main.class);

    PrometheusMeterRegistry registry = Startup.registryWithJvmMetrics();
    FlowsMetrics.buildInfo(registry, build.version(), build.revision());

    Config apiConfig = Config.autoConfigure(null);
    boolean apiProxy = KubernetesApiRoute.proxyAsked(apiConfig);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(apiConfig)
            .withHttpClientBuilderConsumer(
                b -> {
                  b.addOrReplaceInterceptor(
                      KubernetesRequestCounter.NAME, new KubernetesRequestCounter(registry));
                  if (!apiProxy) {
                    b.proxyType(HttpClient.ProxyType.DIRECT);
                  }
                })
            .build();
    GraphClient graph = new GraphClient(graphSettings(config, graphProxy(log)), registry);
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
    ManagementServer health =
        config.metricsSecure()
            ? ManagementServer.probesOnly(config.httpPort(), () -> true, app::isReady)
            : new ManagementServer(config.httpPort(), () -> true, app::isReady, registry);
    Optional<SecureMetricsServer> metrics =
        config.metricsSecure()
            ? Optional.of(MetricsServing.start(config, client, registry))
            : Optional.empty();

    // SIGTERM: stop taking work, let running reconciles finish (bounded by the termination
    // timeout), hand the Lease back, then cancel what is left of Graph calls and close the API
    // client. The key Secret is written by one create call before any number is registered, so
    // no stage of this leaves half a Secret or a registered key that the Secret does not hold.
    CountDownLatch stopped =
        Startup.onShutdown(
            log,
            () -> {
              app.close();
              graph.close();
              client.close();
              health.close();
              metrics.ifPresent(SecureMetricsServer::close);
            },
            false);

    log.info(
        "flows-key-operator {} (revision {}) starting: namespaces={}, selector={}, graph={} {},"
            + " leaderElection={}, port={}, metrics={}",
        build.version(),
        build.revision(),
        config.namespaces().isEmpty() ? "all" : config.namespaces(),
        config.watchLabelSelector().isEmpty() ? "none" : config.watchLabelSelector(),
        config.graphBaseUrl(),
        config.graphApiVersion(),
        config.leaderElection(),
        health.port(),
        metrics
            .map(m -> "https port " + m.port() + " (authorized tokens only)")
            .orElse("plain on port " + health.port()));
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

  /**
   * The proxy for Graph calls only, from HTTPS_PROXY/HTTP_PROXY/NO_PROXY or the JVM's proxy
   * properties; a value that is not a usable proxy URL stops the start (exit 2) without echoing it.
   */
  private static OutboundProxy graphProxy(Logger log) {
    try {
      OutboundProxy proxy = OutboundProxy.fromEnvironment(System.getenv(), System.getProperties());
      log.info("Graph API calls: {}", proxy);
      return proxy;
    } catch (IllegalArgumentException e) {
      System.err.println("flows-key-operator: " + e.getMessage());
      System.exit(2);
      throw e;
    }
  }

  static GraphClientSettings graphSettings(OperatorConfig config, OutboundProxy proxy) {
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
        config.graphAllowedBaseUrls(),
        proxy);
  }
}
