package dev.waflows.operator.config;

import dev.waflows.operator.endpoint.EndpointUrls;
import dev.waflows.operator.graph.AllowedBaseUrls;
import dev.waflows.operator.graph.GraphEndpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read once at start-up from flags ({@code --name=value}) and environment
 * variables (flags win), then immutable.
 */
public record OperatorConfig(
    Set<String> namespaces,
    String watchLabelSelector,
    String graphBaseUrl,
    String graphApiVersion,
    AllowedBaseUrls graphAllowedBaseUrls,
    double graphRequestsPerSecond,
    int graphMaxConcurrentRequests,
    Duration graphCallTimeout,
    int httpPort,
    int metricsPort,
    boolean metricsSecure,
    String metricsCertDir,
    String logLevel,
    LogFormat logFormat,
    boolean leaderElection,
    String leaderElectionNamespace,
    String leaderElectionLeaseName,
    int reconcileThreads,
    EndpointUrls endpointAllowedUrls) {

  public enum LogFormat {
    TEXT,
    JSON
  }

  public static final ConfigOption NAMESPACES =
      ConfigOption.of(
          "namespaces",
          "WATCH_NAMESPACES",
          "",
          "Comma-separated namespaces to watch; empty watches all namespaces.");
  public static final ConfigOption WATCH_LABEL_SELECTOR =
      ConfigOption.of(
          "watch-label-selector",
          "WATCH_LABEL_SELECTOR",
          "",
          "Label selector: reconcile only the FlowsEncryptionKeys it selects, so that several"
              + " Deployments (each with its own Lease) share a fleet; empty reconciles all.");
  public static final ConfigOption GRAPH_BASE_URL =
      ConfigOption.of(
          "graph-base-url",
          "GRAPH_BASE_URL",
          "https://graph.facebook.com",
          "Graph API base URL for resources that set no spec.graphApi.baseUrl.");
  public static final ConfigOption GRAPH_API_VERSION =
      ConfigOption.of(
          "graph-api-version",
          "GRAPH_API_VERSION",
          GraphEndpoint.DEFAULT_VERSION,
          "Graph API version for resources that set no spec.graphApi.version.");
  public static final ConfigOption GRAPH_ALLOWED_BASE_URLS =
      ConfigOption.of(
          "graph-allowed-base-urls",
          "GRAPH_ALLOWED_BASE_URLS",
          AllowedBaseUrls.DEFAULT,
          "Comma-separated URL prefixes that spec.graphApi.baseUrl may name; tokens are sent"
              + " nowhere else. Scheme, host and port must match exactly, a path only at a / boundary."
              + " The graph-base-url is always allowed.");
  public static final ConfigOption ENDPOINT_ALLOWED_URLS =
      ConfigOption.of(
          "endpoint-allowed-urls",
          "ENDPOINT_ALLOWED_URLS",
          "",
          "Comma-separated URL prefixes that spec.endpoint.url may name besides http(s) Services"
              + " of the resource's own namespace (e.g. the public HTTPS URL Meta calls). Matched"
              + " as graph-allowed-base-urls.");
  public static final ConfigOption GRAPH_RPS =
      ConfigOption.of(
          "graph-requests-per-second",
          "GRAPH_REQUESTS_PER_SECOND",
          "20",
          "Graph requests per second for the whole operator; each access token also slows down"
              + " on its own when Graph rate-limits it.");
  public static final ConfigOption GRAPH_CONCURRENCY =
      ConfigOption.of(
          "graph-max-concurrent-requests",
          "GRAPH_MAX_CONCURRENT_REQUESTS",
          "8",
          "Graph requests in flight at once per access token.");
  public static final ConfigOption GRAPH_CALL_TIMEOUT =
      ConfigOption.of(
          "graph-call-timeout-seconds",
          "GRAPH_CALL_TIMEOUT_SECONDS",
          "30",
          "Upper bound for one Graph call, connect to last byte.");
  public static final ConfigOption HTTP_PORT =
      ConfigOption.of(
          "http-port",
          "HTTP_PORT",
          "8080",
          "Plain HTTP port of /healthz and /readyz (no authentication), and of /metrics when"
              + " metrics-secure is false.");
  public static final ConfigOption METRICS_PORT =
      ConfigOption.of(
          "metrics-port",
          "METRICS_PORT",
          "8443",
          "HTTPS port of /metrics when metrics-secure is true.");
  public static final ConfigOption METRICS_SECURE =
      ConfigOption.of(
          "metrics-secure",
          "METRICS_SECURE",
          "true",
          "Serve /metrics over HTTPS on metrics-port, only to bearer tokens that a TokenReview"
              + " accepts and a SubjectAccessReview allows to get the non-resource URL /metrics."
              + " false serves it plain and to anyone on http-port.");
  public static final ConfigOption METRICS_CERT_DIR =
      ConfigOption.of(
          "metrics-cert-dir",
          "METRICS_CERT_DIR",
          "",
          "Directory with tls.crt and tls.key (a mounted kubernetes.io/tls Secret, e.g. from"
              + " cert-manager) for the metrics port, re-read when they change; empty: a"
              + " self-signed certificate made in memory at start.");
  public static final ConfigOption LOG_LEVEL =
      ConfigOption.of(
          "log-level",
          "LOG_LEVEL",
          "info",
          "trace, debug, info, warn or error, for the operator and its SDK; other libraries"
              + " log at info or above, so no level writes tokens or Secret data.");
  public static final ConfigOption LOG_FORMAT =
      ConfigOption.of(
          "log-format", "LOG_FORMAT", "text", "text, or json for one JSON object per line.");
  public static final ConfigOption LEADER_ELECTION =
      ConfigOption.of(
          "leader-election",
          "LEADER_ELECTION",
          "true",
          "Elect a leader through a Lease so that only one replica reconciles.");
  public static final ConfigOption LEADER_ELECTION_NAMESPACE =
      ConfigOption.of(
          "leader-election-namespace",
          "LEADER_ELECTION_NAMESPACE",
          "",
          "Namespace of the Lease; defaults to the pod's namespace (POD_NAMESPACE).");
  public static final ConfigOption LEADER_ELECTION_LEASE =
      ConfigOption.of(
          "leader-election-lease-name",
          "LEADER_ELECTION_LEASE_NAME",
          "flows-key-operator",
          "Name of the Lease.");
  public static final ConfigOption RECONCILE_THREADS =
      ConfigOption.of(
          "reconcile-threads",
          "RECONCILE_THREADS",
          "50",
          "Resources reconciled at once (Graph calls are still bounded by the budget).");

  /** Every option, in the order the README documents them. */
  public static final List<ConfigOption> ALL =
      List.of(
          NAMESPACES,
          WATCH_LABEL_SELECTOR,
          GRAPH_BASE_URL,
          GRAPH_API_VERSION,
          GRAPH_ALLOWED_BASE_URLS,
          ENDPOINT_ALLOWED_URLS,
          GRAPH_RPS,
          GRAPH_CONCURRENCY,
          GRAPH_CALL_TIMEOUT,
          HTTP_PORT,
          METRICS_PORT,
          METRICS_SECURE,
          METRICS_CERT_DIR,
          LOG_LEVEL,
          LOG_FORMAT,
          LEADER_ELECTION,
          LEADER_ELECTION_NAMESPACE,
          LEADER_ELECTION_LEASE,
          RECONCILE_THREADS);

  /** Whether the arguments ask for {@link #help()} ({@code --help} or {@code -h}). */
  public static boolean wantsHelp(String[] args) {
    return ConfigValues.wantsHelp(args);
  }

  /** Whether the arguments ask for the version ({@code --version}). */
  public static boolean wantsVersion(String[] args) {
    return Arrays.asList(args).contains("--version");
  }

  /** Usage text: every option with its flag, environment variable, default and description. */
  public static String help() {
    return ConfigValues.help(
            "Usage: java -jar flows-key-operator.jar [--name=value ...]\n"
                + "       java -jar flows-key-operator.jar proxy --upstream=<url> [--name=value ...]\n\n"
                + "Keeps WhatsApp Flows RSA keys in Secrets and registered with the Graph API.\n"
                + "Flags win over environment variables. \"proxy --help\" lists the proxy's options.\n\n",
            ALL)
        + "  --version\n      Print the version and git revision, and exit.\n";
  }

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException naming the option, for an unknown flag or a bad value
   */
  public static OperatorConfig load(String[] args, Map<String, String> env) {
    ConfigValues values = ConfigValues.read(ALL, args, env);
    String leNamespace = values.text(LEADER_ELECTION_NAMESPACE);
    if (leNamespace.isBlank()) {
      leNamespace = env.getOrDefault("POD_NAMESPACE", "flows-system");
    }
    return new OperatorConfig(
        Arrays.stream(values.text(NAMESPACES).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        values.text(WATCH_LABEL_SELECTOR).trim(),
        values.text(GRAPH_BASE_URL),
        values.text(GRAPH_API_VERSION),
        allowedBaseUrls(values),
        values.positiveDouble(GRAPH_RPS),
        (int) values.positiveDouble(GRAPH_CONCURRENCY),
        Duration.ofSeconds((long) values.positiveDouble(GRAPH_CALL_TIMEOUT)),
        (int) values.positiveDouble(HTTP_PORT),
        values.port(METRICS_PORT),
        values.bool(METRICS_SECURE),
        values.text(METRICS_CERT_DIR).trim(),
        values.oneOf(LOG_LEVEL, "trace", "debug", "info", "warn", "error"),
        LogFormat.valueOf(values.oneOf(LOG_FORMAT, "text", "json").toUpperCase()),
        values.bool(LEADER_ELECTION),
        leNamespace,
        values.text(LEADER_ELECTION_LEASE),
        (int) values.positiveDouble(RECONCILE_THREADS),
        endpointAllowedUrls(values));
  }

  private static AllowedBaseUrls allowedBaseUrls(ConfigValues values) {
    try {
      return AllowedBaseUrls.parse(
          values.text(GRAPH_ALLOWED_BASE_URLS), values.text(GRAPH_BASE_URL));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          ConfigValues.name(GRAPH_ALLOWED_BASE_URLS) + ": " + e.getMessage());
    }
  }

  private static EndpointUrls endpointAllowedUrls(ConfigValues values) {
    try {
      return EndpointUrls.parse(values.text(ENDPOINT_ALLOWED_URLS));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          ConfigValues.name(ENDPOINT_ALLOWED_URLS) + ": " + e.getMessage());
    }
  }
}
