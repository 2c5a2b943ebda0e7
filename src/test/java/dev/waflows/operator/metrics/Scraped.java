package dev.waflows.operator.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What one scrape of a registry shows, for tests: series by their Prometheus name and labels, as
 * Prometheus would store them (whether Micrometer or a collector made them).
 */
public final class Scraped {

  private final MetricSnapshots snapshots;

  private Scraped(MetricSnapshots snapshots) {
    this.snapshots = snapshots;
  }

  public static Scraped of(PrometheusMeterRegistry registry) {
    return new Scraped(registry.getPrometheusRegistry().scrape());
  }

  /**
   * The value of the gauge {@code name} whose labels include {@code labels} (name, value, name,
   * value...); empty when there is none, fails when there are several.
   */
  public OptionalDouble gauge(String name, String... labels) {
    List<GaugeSnapshot.GaugeDataPointSnapshot> found =
        snapshots.stream()
            .filter(s -> s.getMetadata().getPrometheusName().equals(name))
            .filter(GaugeSnapshot.class::isInstance)
            .flatMap(s -> ((GaugeSnapshot) s).getDataPoints().stream())
            .filter(p -> includes(p, labels))
            .toList();
    if (found.size() > 1) {
      throw new AssertionError(found.size() + " series of " + name + " match " + List.of(labels));
    }
    return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0).getValue());
  }

  /** The labels of every series of {@code name}. */
  public List<Labels> series(String name) {
    return snapshots.stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(name))
        .flatMap(s -> s.getDataPoints().stream())
        .map(DataPointSnapshot::getLabels)
        .toList();
  }

  /** The names of the families that have a series whose labels include {@code labels}. */
  public List<String> namesWith(String... labels) {
    return snapshots.stream()
        .filter(s -> s.getDataPoints().stream().anyMatch(p -> includes(p, labels)))
        .map(MetricSnapshot::getMetadata)
        .map(m -> m.getPrometheusName())
        .toList();
  }

  private static boolean includes(DataPointSnapshot point, String... labels) {
    for (int i = 0; i < labels.length; i += 2) {
      if (!labels[i + 1].equals(point.getLabels().get(labels[i]))) {
        return false;
      }
    }
    return true;
  }
}
