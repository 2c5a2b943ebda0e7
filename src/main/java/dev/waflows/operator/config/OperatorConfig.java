package dev.waflows.operator.config;

import dev.waflows.operator.endpoint.EndpointUrls;
import dev.waflows.operator.graph.AllowedBaseUrls;
import dev.waflows.operator.graph.GraphEndpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
          "http-port", "HTTP_PORT", "8080", "Port of /healthz, /readyz and /metrics (Prometheus).");
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
          LOG_LEVEL,
          LOG_FORMAT,
          LEADER_ELECTION,
          LEADER_ELECTION_NAMESPACE,
          LEADER_ELECTION_LEASE,
          RECONCILE_THREADS);

  /** Whether the arguments ask for {@link #help()} ({@code --help} or {@code -h}). */
  public static boolean wantsHelp(String[] args) {
    return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
  }

  /** Whether the arguments ask for the version ({@code --version}). */
  public static boolean wantsVersion(String[] args) {
    return Arrays.asList(args).contains("--version");
  }

  /** Usage text: every option with its flag, environment variable, default and description. */
  public static String help() {
    StringBuilder out =
        new StringBuilder(
            "Usage: java -jar flows-key-operator.jar [--name=value ...]\n\n"
                + "Keeps WhatsApp Flows RSA keys in Secrets and registered with the Graph API.\n"
                + "Flags win over environment variables.\n\n"
                + "Options:\n");
    for (ConfigOption o : ALL) {
      out.append("  --")
          .append(o.flag())
          .append("=<value>\n      env ")
          .append(o.env())
          .append(", default ")
          .append(o.defaultValue().isEmpty() ? "\"\"" : o.defaultValue())
          .append("\n      ")
          .append(o.description())
          .append('\n');
    }
    return out.append("  --help\n      Print this text and exit.\n")
        .append("  --version\n      Print the version and git revision, and exit.\n")
        .toString();
  }

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException naming the option, for an unknown flag or a bad value
   */
  public static OperatorConfig load(String[] args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigOption o : ALL) {
      values.put(o.flag(), env.getOrDefault(o.env(), o.defaultValue()));
    }
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String name = arg.substring(2, arg.indexOf('='));
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      values.put(name, arg.substring(arg.indexOf('=') + 1));
    }
    String leNamespace = values.get(LEADER_ELECTION_NAMESPACE.flag());
    if (leNamespace.isBlank()) {
      leNamespace = env.getOrDefault("POD_NAMESPACE", "flows-system");
    }
    return new OperatorConfig(
        Arrays.stream(values.get(NAMESPACES.flag()).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        values.get(WATCH_LABEL_SELECTOR.flag()).trim(),
        values.get(GRAPH_BASE_URL.flag()),
        values.get(GRAPH_API_VERSION.flag()),
        allowedBaseUrls(values),
        positiveDouble(GRAPH_RPS, values),
        (int) positiveDouble(GRAPH_CONCURRENCY, values),
        Duration.ofSeconds((long) positiveDouble(GRAPH_CALL_TIMEOUT, values)),
        (int) positiveDouble(HTTP_PORT, values),
        oneOf(LOG_LEVEL, values, "trace", "debug", "info", "warn", "error"),
        LogFormat.valueOf(oneOf(LOG_FORMAT, values, "text", "json").toUpperCase()),
        Boolean.parseBoolean(oneOf(LEADER_ELECTION, values, "true", "false")),
        leNamespace,
        values.get(LEADER_ELECTION_LEASE.flag()),
        (int) positiveDouble(RECONCILE_THREADS, values),
        endpointAllowedUrls(values));
  }

  private static AllowedBaseUrls allowedBaseUrls(Map<String, String> values) {
    ConfigOption o = GRAPH_ALLOWED_BASE_URLS;
    try {
      return AllowedBaseUrls.parse(values.get(o.flag()), values.get(GRAPH_BASE_URL.flag()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + o.flag() + " (" + o.env() + "): " + e.getMessage());
    }
  }

  private static EndpointUrls endpointAllowedUrls(Map<String, String> values) {
    ConfigOption o = ENDPOINT_ALLOWED_URLS;
    try {
      return EndpointUrls.parse(values.get(o.flag()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + o.flag() + " (" + o.env() + "): " + e.getMessage());
    }
  }

  private static double positiveDouble(ConfigOption o, Map<String, String> values) {
    String v = values.get(o.flag());
    try {
      double d = Double.parseDouble(v);
      if (d > 0) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--" + o.flag() + " (" + o.env() + ") must be a positive number, got " + v);
  }

  private static String oneOf(ConfigOption o, Map<String, String> values, String... allowed) {
    String v = values.get(o.flag()).trim().toLowerCase();
    if (!List.of(allowed).contains(v)) {
      throw new IllegalArgumentException(
          "--" + o.flag() + " (" + o.env() + ") must be one of " + List.of(allowed) + ", got " + v);
    }
    return v;
  }
}
