package dev.waflows.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.health.ExternalTool;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optional monitoring component: what it adds to deploy/, and its alerts run by promtool on the
 * synthetic series of deploy/components/monitoring/tests/alerts-test.yaml.
 */
class MonitoringRulesTest {

  static final Path COMPONENT = Path.of("deploy/components/monitoring");
  static final Path ALERT_TESTS = COMPONENT.resolve("tests/alerts-test.yaml");

  /** The series the operator exposes; an alert on any other name would never fire. */
  static final Set<String> OPERATOR_SERIES =
      Set.of(
          "flows_graph_requests_total",
          "flows_phone_number_valid",
          "flows_phone_number_last_checked_timestamp_seconds",
          "flows_phone_number_verify_interval_seconds",
          "flows_resource_ready",
          "flows_resource_stalled",
          "flows_key_rotation_started_timestamp_seconds",
          "flows_graph_version_upgraded_total",
          "flows_endpoint_last_probe");

  /** The README at this release's tag: runbook URLs name the version users run. */
  static String runbookBase() throws java.io.IOException {
    return "https://github.com/waflows/flows-key-operator/blob/v"
        + PomVersion.read()
        + "/README.md";
  }

  private static String RUNBOOK_BASE;
  private static DeployManifests base;
  private static DeployManifests monitored;
  private static List<Map<String, Object>> rules;

  @BeforeAll
  static void render() throws Exception {
    RUNBOOK_BASE = runbookBase();
    base = DeployManifests.render("deploy/");
    monitored = DeployManifests.compose("deploy", COMPONENT.toString());
    GenericKubernetesResource rule = generic("PrometheusRule", "flows-key-operator");
    rules = new java.util.ArrayList<>();
    for (Map<String, Object> group : list(rule.getAdditionalProperties(), "spec", "groups")) {
      rules.addAll(list(group, "rules"));
    }
  }

  @Test
  void addsAServiceMonitorAPrometheusRuleAndTheReaderBindingAndChangesNothingElse() {
    assertThat(monitored.all()).hasSize(base.all().size() + 3);
    // Prometheus's ServiceAccount may get /metrics, and nothing else through this binding.
    ClusterRoleBinding reader =
        monitored.one(ClusterRoleBinding.class, DeployManifestTest.METRICS_READER);
    assertThat(reader.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(reader.getRoleRef().getName()).isEqualTo(DeployManifestTest.METRICS_READER);
    assertThat(reader.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getNamespace()).isEqualTo("monitoring");
            });
    for (String kind : List.of("ServiceMonitor", "PrometheusRule")) {
      GenericKubernetesResource o = generic(kind, "flows-key-operator");
      assertThat(o.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
      assertThat(o.getMetadata().getNamespace()).isEqualTo(DeployManifestTest.NS);
    }
  }

  @Test
  void serviceMonitorScrapesTheMetricsServiceKeepingTheResourcesNamespaceLabel() {
    Service service = monitored.one(Service.class, "flows-key-operator-metrics");
    Map<String, Object> spec = map(generic("ServiceMonitor", "flows-key-operator"), "spec");
    Map<String, String> selector = cast(map(spec, "selector").get("matchLabels"));
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(spec)
        .as("no namespaceSelector: the Service is found in the ServiceMonitor's own namespace")
        .doesNotContainKey("namespaceSelector");
    Map<String, Object> endpoint = list(spec, "endpoints").get(0);
    assertThat(service.getSpec().getPorts())
        .anyMatch(p -> p.getName().equals(endpoint.get("port")));
    assertThat(endpoint).containsEntry("path", "/metrics").containsEntry("honorLabels", true);
    // HTTPS with Prometheus's own ServiceAccount token; the self-signed certificate is not
    // verified (the README shows how to verify one from cert-manager instead).
    assertThat(endpoint)
        .containsEntry("port", "https-metrics")
        .containsEntry("scheme", "https")
        .containsEntry("bearerTokenFile", "/var/run/secrets/kubernetes.io/serviceaccount/token");
    assertThat(map(endpoint, "tlsConfig")).containsEntry("insecureSkipVerify", true);
  }

  @Test
  void everyAlertHasSeveritySummaryDescriptionAndARowInTheReadmesTroubleshooting()
      throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String troubleshooting = readme.substring(readme.indexOf("\n## Troubleshooting\n"));
    troubleshooting = troubleshooting.substring(0, nextSection(troubleshooting));
    assertThat(rules).hasSizeGreaterThanOrEqualTo(9);
    for (Map<String, Object> rule : rules) {
      String alert = (String) rule.get("alert");
      assertThat(alert).as("recording rules are not expected here").isNotNull();
      Map<String, String> labels = cast(rule.get("labels"));
      assertThat(labels.get("severity")).as(alert).isIn("critical", "warning", "info");
      Map<String, String> annotations = cast(rule.get("annotations"));
      assertThat(annotations).as(alert).containsKeys("summary", "description");
      assertThat(annotations.get("runbook_url"))
          .as(alert)
          .isEqualTo(RUNBOOK_BASE + "#" + alert.toLowerCase(java.util.Locale.ROOT));
      // GitHub's anchor for a heading is its text in lower case.
      assertThat(troubleshooting)
          .as("a Troubleshooting section for " + alert)
          .contains("\n#### " + alert + "\n");
    }
  }

  @Test
  void theRunbookBaseUrlComponentMovesEveryRunbookAndKeepsItsAnchor() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "kustomize", "runbooks"));
    Files.writeString(
        dir.resolve("runbooks.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: flows-key-operator-runbooks
          annotations: {config.kubernetes.io/local-config: "true"}
        data:
          baseUrl: https://wiki.example.com/flows
        """);
    Files.writeString(
        dir.resolve("kustomization.yaml"),
        """
        resources: [../../../deploy, runbooks.yaml]
        components:
          - ../../../deploy/components/monitoring
          - ../../../deploy/components/runbook-base-url
        """);
    DeployManifests moved = DeployManifests.render(dir.toString());
    assertThat(moved.all())
        .as("the ConfigMap is read, not installed")
        .hasSameSizeAs(monitored.all());
    String yaml = moved.yaml();
    for (Map<String, Object> rule : rules) {
      String alert = ((String) rule.get("alert")).toLowerCase(java.util.Locale.ROOT);
      assertThat(yaml).contains("runbook_url: https://wiki.example.com/flows#" + alert + "\n");
    }
    assertThat(yaml).doesNotContain("github.com");
  }

  @Test
  void alertsUseOnlySeriesTheOperatorExposesAndTheServicesJobLabel() {
    Pattern series = Pattern.compile("\\bflows_[a-z_]+");
    for (Map<String, Object> rule : rules) {
      String expr = (String) rule.get("expr");
      Matcher m = series.matcher(expr);
      while (m.find()) {
        assertThat(OPERATOR_SERIES).as(rule.get("alert") + ": " + expr).contains(m.group());
      }
      if (expr.contains("up{")) {
        // Prometheus Operator names the job after the Service.
        assertThat(expr).contains("job=\"flows-key-operator-metrics\"");
      }
    }
  }

  @Test
  void promtoolAcceptsTheRulesAndEveryAlertFiresAndStaysQuietWhereItShould() throws Exception {
    ExternalTool.PROMTOOL.require();
    Path dir = Files.createDirectories(Path.of("target", "promtool"));
    Path ruleFile = dir.resolve("rules.yaml");
    GenericKubernetesResource rule = generic("PrometheusRule", "flows-key-operator");
    Files.writeString(ruleFile, Serialization.asYaml(map(rule, "spec")));
    Path tests = dir.resolve("alerts-test.yaml");
    Files.copy(ALERT_TESTS, tests, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    ExternalTool.Run check =
        ExternalTool.PROMTOOL.run("", List.of("check", "rules", ruleFile.toString()));
    assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
    ExternalTool.Run test =
        ExternalTool.PROMTOOL.run("", List.of("test", "rules", tests.toString()));
    assertThat(test.exitCode()).as(test.stdout() + test.stderr()).isZero();
  }

  @Test
  void theAlertTestsHaveAFiringAndAQuietCaseForEveryAlert() throws Exception {
    Map<String, Object> file = Serialization.unmarshal(Files.readString(ALERT_TESTS), Map.class);
    Set<String> fires = new HashSet<>();
    Set<String> quiet = new HashSet<>();
    for (Map<String, Object> test : list(file, "tests")) {
      for (Map<String, Object> c : list(test, "alert_rule_test")) {
        List<?> expected = (List<?>) c.get("exp_alerts");
        (expected == null || expected.isEmpty() ? quiet : fires).add((String) c.get("alertname"));
      }
    }
    Set<String> alerts = new HashSet<>();
    rules.forEach(r -> alerts.add((String) r.get("alert")));
    assertThat(fires).as("alerts with a case where they fire").isEqualTo(alerts);
    assertThat(quiet).as("alerts with a case where they stay quiet").isEqualTo(alerts);
  }

  private static int nextSection(String fromHeading) {
    int next = fromHeading.indexOf("\n## ", 1);
    return next < 0 ? fromHeading.length() : next;
  }

  private static GenericKubernetesResource generic(String kind, String name) {
    return monitored.all(GenericKubernetesResource.class).stream()
        .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static Map<String, Object> map(GenericKubernetesResource o, String key) {
    return cast(o.getAdditionalProperties().get(key));
  }

  private static Map<String, Object> map(Map<String, Object> o, String key) {
    return cast(o.get(key));
  }

  private static List<Map<String, Object>> list(Map<String, Object> o, String... path) {
    Object current = o;
    for (String key : path) {
      current = ((Map<?, ?>) current).get(key);
    }
    return cast(current);
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
