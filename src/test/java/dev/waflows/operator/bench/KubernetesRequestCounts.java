package dev.waflows.operator.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The operator's own count of its Kubernetes API requests ({@code
 * flows_kubernetes_requests_total{verb,resource}} on its /metrics), by "verb resource": read before
 * and after a round, the difference is what the round cost the API server.
 */
record KubernetesRequestCounts(Map<String, Double> byKind) {

  private static final Pattern LINE =
      Pattern.compile("^flows_kubernetes_requests_total\\{([^}]*)\\}\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** The counters in a Prometheus text exposition. */
  static KubernetesRequestCounts parse(String exposition) {
    Map<String, Double> counts = new TreeMap<>();
    Matcher m = LINE.matcher(exposition);
    while (m.find()) {
      Map<String, String> labels = new LinkedHashMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      counts.merge(
          labels.getOrDefault("verb", "?") + " " + labels.getOrDefault("resource", "?"),
          Double.parseDouble(m.group(2)),
          Double::sum);
    }
    return new KubernetesRequestCounts(counts);
  }

  /** What was counted since {@code before}. */
  KubernetesRequestCounts since(KubernetesRequestCounts before) {
    Map<String, Double> diff = new TreeMap<>();
    byKind.forEach(
        (k, v) -> {
          double d = v - before.byKind().getOrDefault(k, 0.0);
          if (d > 0) {
            diff.put(k, d);
          }
        });
    return new KubernetesRequestCounts(diff);
  }

  double total() {
    return byKind.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** "2.00 get secrets, 1.00 create secrets, ...; 4.00 in all", per resource, largest first. */
  String perResource(int resources) {
    if (byKind.isEmpty()) {
      return "none counted";
    }
    String each =
        byKind.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
            .map(e -> String.format("%.2f %s", e.getValue() / resources, e.getKey()))
            .collect(Collectors.joining(", "));
    return String.format("%s; %.2f in all", each, total() / resources);
  }
}
