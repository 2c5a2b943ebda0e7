package dev.waflows.operator.metrics;

import dev.waflows.operator.metrics.ResourceRecord.Conditions;
import dev.waflows.operator.metrics.ResourceRecord.Endpoint;
import dev.waflows.operator.metrics.ResourceRecord.NumberRecord;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The per-resource and per-number series, made from the records when Prometheus scrapes, as
 * kube-state-metrics makes its series from the objects it holds: a resource costs its values, not a
 * meter per series. A family with no series is left out, HELP and TYPE lines included, as
 * Micrometer leaves out a name whose last meter was removed.
 */
final class ResourceSeriesCollector implements MultiCollector {

  /** The families, with the HELP text a scrape shows. All are gauges. */
  enum Family {
    NUMBER_VALID(
        "flows_phone_number_valid",
        "1 when Graph holds a key of ours for the number with signature VALID, else 0"),
    NUMBER_VERIFY_INTERVAL(
        "flows_phone_number_verify_interval_seconds",
        "The verifyInterval of the resource listing the number"),
    NUMBER_LAST_CHECKED(
        "flows_phone_number_last_checked_timestamp_seconds",
        "When the operator last read this number's key from Graph (Unix time)"),
    RESOURCE_READY("flows_resource_ready", "1 when Ready is True, else 0"),
    RESOURCE_STALLED(
        "flows_resource_stalled",
        "1 when Stalled is True (only a person can make progress), else 0"),
    // This and NUMBER_LAST_CHECKED follow the _timestamp_seconds convention for Unix times (0.2.0
    // renamed them from flows_key_rotation_started_seconds and
    // flows_phone_number_last_checked_seconds).
    ROTATION_STARTED(
        "flows_key_rotation_started_timestamp_seconds",
        "When the rotation under way began (epoch s); present only until its new key is registered"
            + " for every number"),
    ENDPOINT_READY(
        "flows_endpoint_ready",
        "1 when EndpointReady is True (the endpoint opened a probe sealed to the current key), else"
            + " 0; only for resources with spec.endpoint"),
    ENDPOINT_LAST_PROBE(
        "flows_endpoint_last_probe",
        "1 for the outcome of the last probe of the resource's endpoint, 0 for the others");

    final MetricMetadata metadata;

    Family(String name, String help) {
      this.metadata = new MetricMetadata(name, help, null);
    }
  }

  private static final List<String> NAMES =
      Arrays.stream(Family.values()).map(f -> f.metadata.getPrometheusName()).toList();

  private final Collection<ResourceRecord> records;

  /**
   * @param records a live view: each scrape reads the records as they are then
   */
  ResourceSeriesCollector(Collection<ResourceRecord> records) {
    this.records = records;
  }

  @Override
  public MetricSnapshots collect() {
    Map<Family, List<GaugeDataPointSnapshot>> series = new EnumMap<>(Family.class);
    for (Family f : Family.values()) {
      series.put(f, new ArrayList<>());
    }
    for (ResourceRecord r : records) {
      Labels resource = Labels.of("name", r.name(), "namespace", r.namespace());
      for (NumberRecord n : r.numbers()) {
        Labels number = resource.add("phone_number_id", n.id());
        add(series, Family.NUMBER_VALID, n.valid() ? 1 : 0, number);
        add(series, Family.NUMBER_VERIFY_INTERVAL, n.intervalSeconds(), number);
        long checked = n.lastChecked();
        if (checked != 0) {
          add(series, Family.NUMBER_LAST_CHECKED, checked, number);
        }
      }
      Conditions c = r.conditions();
      if (c != null) {
        add(series, Family.RESOURCE_READY, c.ready ? 1 : 0, resource);
        add(series, Family.RESOURCE_STALLED, c.stalled ? 1 : 0, resource);
      }
      long rotationStarted = r.rotationStarted();
      if (rotationStarted != ResourceRecord.NOT_ROTATING) {
        add(series, Family.ROTATION_STARTED, rotationStarted, resource);
      }
      Endpoint e = r.endpoint();
      if (e != null) {
        add(series, Family.ENDPOINT_READY, e.ready() ? 1 : 0, resource);
        for (String outcome : e.outcomes()) {
          add(
              series,
              Family.ENDPOINT_LAST_PROBE,
              outcome.equals(e.last()) ? 1 : 0,
              resource.add("outcome", outcome));
        }
      }
    }
    MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
    series.forEach(
        (family, points) -> {
          if (!points.isEmpty()) {
            snapshots.metricSnapshot(new GaugeSnapshot(family.metadata, points));
          }
        });
    return snapshots.build();
  }

  /** The names, so that no other meter can take one, and a scrape for other names skips these. */
  @Override
  public List<String> getPrometheusNames() {
    return NAMES;
  }

  private static void add(
      Map<Family, List<GaugeDataPointSnapshot>> series, Family f, double value, Labels labels) {
    series.get(f).add(new GaugeDataPointSnapshot(value, labels, null));
  }
}
