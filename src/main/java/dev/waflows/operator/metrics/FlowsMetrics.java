package dev.waflows.operator.metrics;

import dev.waflows.operator.graph.SignatureStatus;
import dev.waflows.operator.metrics.ResourceRecord.NumberRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The operator's own metrics. When each number was last checked lives here, not in status, so a
 * quiet resource causes no writes (Kubernetes API conventions: no heartbeats in status). Alert
 * rules in deploy/components/monitoring read these names.
 *
 * <p>The fleet-wide meters (counters, the probe histogram, the counts by signature status) are
 * Micrometer's. The series per resource and per number are not: with ten thousand resources they
 * would be 110,000 Micrometer gauges, 6.5 KiB of heap a resource; here a resource keeps only its
 * values ({@link ResourceRecord}) and {@link ResourceSeriesCollector} makes its series at scrape
 * time, on the Prometheus registry under Micrometer's. With a registry that is not Prometheus (some
 * tests), those series are kept but published nowhere.
 */
public class FlowsMetrics {

  /** Signature status label for numbers Graph has not answered for. */
  public static final String UNKNOWN = "UNKNOWN";

  private static final List<String> SIGNATURE_STATUSES =
      Stream.concat(Arrays.stream(SignatureStatus.values()).map(Enum::name), Stream.of(UNKNOWN))
          .toList();

  private final MeterRegistry registry;
  private final Counter keysGenerated;
  private final Counter rotations;
  // By resource: a pass touches its own record only, whatever the fleet's size. Every change to a
  // record happens inside compute() on its key, so that a change and a forget never interleave.
  private final Map<ResourceKey, ResourceRecord> resources = new ConcurrentHashMap<>();
  private final Map<String, StatusCount> byStatus = new ConcurrentHashMap<>();
  private final Timer probeDuration;

  public FlowsMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.keysGenerated =
        Counter.builder("flows.keys.generated")
            .description("RSA key pairs generated and stored in a new Secret")
            .register(registry);
    this.rotations =
        Counter.builder("flows.key.rotations")
            .description("Key rotations started: a new pair made current in a key Secret")
            .register(registry);
    SIGNATURE_STATUSES.forEach(this::statusCount);
    this.probeDuration =
        Timer.builder("flows.endpoint.probe.duration")
            .description("Probes of Flows endpoints, from sending the sealed ping to the verdict")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(5))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      prometheus.getPrometheusRegistry().register(new ResourceSeriesCollector(resources.values()));
    }
  }

  /**
   * Records a probe of a resource's Flows endpoint.
   *
   * @param outcome the EndpointReady reason it gave (Opened, EndpointCannotDecrypt, ...)
   * @param outcomes every outcome there is, so that each series exists from the first probe on
   */
  public void endpointProbed(
      String namespace, String name, String outcome, List<String> outcomes, Duration took) {
    probeDuration.record(took);
    Counter.builder("flows.endpoint.probes")
        .description("Probes of Flows endpoints, by outcome")
        .tags("outcome", outcome)
        .register(registry)
        .increment();
    change(namespace, name, r -> r.endpointProbed(outcome, outcomes));
  }

  /** Records whether the resource's EndpointReady condition is True. */
  public void endpointReady(String namespace, String name, boolean ready) {
    change(namespace, name, r -> r.endpointReady(ready));
  }

  /** Forgets the endpoint series of a resource that no longer names an endpoint, or is gone. */
  public void forgetEndpoint(String namespace, String name) {
    changeIfKnown(namespace, name, ResourceRecord::forgetEndpoint);
  }

  /**
   * Publishes {@code flows_build_info{version,revision} 1}, the usual way for dashboards and alerts
   * to tell which release runs where.
   */
  public static void buildInfo(MeterRegistry registry, String version, String revision) {
    Gauge.builder("flows.build.info", () -> 1)
        .description("The operator's release: always 1, labelled with its version and git revision")
        .tags(Tags.of("version", version, "revision", revision))
        .register(registry);
  }

  public void keyGenerated() {
    keysGenerated.increment();
  }

  /** Counts a rotation that made a new pair current. */
  public void keyRotated() {
    rotations.increment();
  }

  /**
   * Publishes when the rotation of a resource's key started (its new pair became current), while
   * that key is not yet registered for every number; {@link #rotationSettled} removes it.
   */
  public void rotationInProgress(String namespace, String name, Instant since) {
    change(namespace, name, r -> r.rotationStarted(since.getEpochSecond()));
  }

  /** No rotation of this resource's key is waiting for registration (any more). */
  public void rotationSettled(String namespace, String name) {
    changeIfKnown(namespace, name, ResourceRecord::rotationSettled);
  }

  /**
   * Records that Graph was asked about a number and what it said.
   *
   * @param signatureStatus as Graph reported it, null when unknown
   * @param valid Graph holds a key of ours for the number, signature VALID
   * @param interval the resource's verifyInterval, so alerts can tell a number checked too rarely
   */
  public void numberChecked(
      String namespace,
      String name,
      String phoneNumberId,
      String signatureStatus,
      boolean valid,
      Duration interval,
      Instant at) {
    change(
        namespace,
        name,
        r -> known(r, phoneNumberId, signatureStatus, valid, interval, at.getEpochSecond()));
  }

  /**
   * Publishes what is known about a number without a check by this process: after a start, from the
   * stored status, until its first check comes. The last-checked time appears with that check
   * (status holds no check times, and an invented one would hide a stuck operator).
   */
  public void numberKnown(
      String namespace,
      String name,
      String phoneNumberId,
      String signatureStatus,
      boolean valid,
      Duration interval) {
    change(namespace, name, r -> known(r, phoneNumberId, signatureStatus, valid, interval, 0));
  }

  /** Records whether the resource's Ready and Stalled conditions are True. */
  public void resourceState(String namespace, String name, boolean ready, boolean stalled) {
    change(namespace, name, r -> r.conditions(ready, stalled));
  }

  /** Forgets the numbers a resource no longer lists. */
  public void retainNumbers(String namespace, String name, Set<String> phoneNumberIds) {
    changeIfKnown(namespace, name, r -> r.retain(phoneNumberIds).forEach(this::uncount));
  }

  /** Forgets a resource that is gone, or paused, and all its numbers. */
  public void forgetResource(String namespace, String name) {
    ResourceRecord r = resources.remove(new ResourceKey(namespace, name));
    if (r != null) {
      // Removed under the key's lock: no change of this record can come after it.
      Arrays.stream(r.numbers()).forEach(this::uncount);
    }
  }

  /**
   * Sets a number's values.
   *
   * @param checkedAt when Graph was asked about it (epoch s), 0 when it was not
   */
  private void known(
      ResourceRecord r,
      String phoneNumberId,
      String signatureStatus,
      boolean valid,
      Duration interval,
      long checkedAt) {
    NumberRecord existing = r.number(phoneNumberId);
    NumberRecord n = existing != null ? existing : new NumberRecord(phoneNumberId);
    n.known(valid, interval.toSeconds());
    if (checkedAt != 0) {
      n.checkedAt(checkedAt);
    }
    StatusCount now = statusCount(signatureStatus == null ? UNKNOWN : signatureStatus);
    String before = n.status(now.status());
    if (!now.status().equals(before)) {
      if (before != null) {
        statusCount(before).count().decrementAndGet();
      }
      now.count().incrementAndGet();
    }
    if (existing == null) {
      r.add(n);
    }
  }

  private void uncount(NumberRecord n) {
    String status = n.status();
    if (status != null) {
      statusCount(status).count().decrementAndGet();
    }
  }

  /** Changes the resource's record, made first if it has none. */
  private void change(String namespace, String name, Consumer<ResourceRecord> change) {
    // Namespaces repeat across resources: one string each, not one per record.
    resources.compute(
        new ResourceKey(namespace.intern(), name),
        (k, r) -> {
          ResourceRecord record = r != null ? r : new ResourceRecord(k.namespace(), k.name());
          change.accept(record);
          return record;
        });
  }

  /** Changes the resource's record if it has one; a record left with no series goes. */
  private void changeIfKnown(String namespace, String name, Consumer<ResourceRecord> change) {
    resources.computeIfPresent(
        new ResourceKey(namespace, name),
        (k, r) -> {
          change.accept(r);
          return r.isEmpty() ? null : r;
        });
  }

  private StatusCount statusCount(String status) {
    return byStatus.computeIfAbsent(
        status,
        s -> {
          AtomicLong count = new AtomicLong();
          Gauge.builder("flows.phone.numbers", count, AtomicLong::get)
              .description("Managed phone numbers by the signature status Graph last reported")
              .tag("signature_status", s)
              .register(registry);
          return new StatusCount(s, count);
        });
  }

  private record ResourceKey(String namespace, String name) {}

  /** How many numbers have a signature status; its string is the one the numbers refer to. */
  private record StatusCount(String status, AtomicLong count) {}
}
