package dev.waflows.operator.metrics;

import dev.waflows.operator.graph.SignatureStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The operator's own metrics. When each number was last checked lives here, not in status, so a
 * quiet resource causes no writes (Kubernetes API conventions: no heartbeats in status). Alert
 * rules in deploy/components/monitoring read these names.
 */
public class FlowsMetrics {

  // Prometheus names: flows_key_rotation_started_timestamp_seconds and
  // flows_phone_number_last_checked_timestamp_seconds, the _timestamp_seconds convention for Unix
  // times (0.2.0 renamed them from flows_key_rotation_started_seconds and
  // flows_phone_number_last_checked_seconds).
  private static final String ROTATION_STARTED = "flows.key.rotation.started.timestamp";

  /** Signature status label for numbers Graph has not answered for. */
  public static final String UNKNOWN = "UNKNOWN";

  private static final List<String> SIGNATURE_STATUSES =
      Stream.concat(Arrays.stream(SignatureStatus.values()).map(Enum::name), Stream.of(UNKNOWN))
          .toList();

  private final MeterRegistry registry;
  private final Counter keysGenerated;
  private final Counter rotations;
  private final Map<String, AtomicLong> rotationsStarted = new ConcurrentHashMap<>();
  // By resource, then number: a pass touches its own numbers only, whatever the fleet's size.
  private final Map<ResourceKey, Map<String, NumberMeters>> numbers = new ConcurrentHashMap<>();
  private final Map<ResourceKey, ResourceMeters> resources = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();
  private final Map<ResourceKey, EndpointMeters> endpoints = new ConcurrentHashMap<>();
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
    SIGNATURE_STATUSES.forEach(this::statusGauge);
    this.probeDuration =
        Timer.builder("flows.endpoint.probe.duration")
            .description("Probes of Flows endpoints, from sending the sealed ping to the verdict")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(5))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
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
    EndpointMeters m =
        endpoints.computeIfAbsent(new ResourceKey(namespace, name), this::endpointMeters);
    for (String o : outcomes) {
      m.lastOutcome()
          .computeIfAbsent(
              o,
              k -> {
                AtomicLong value = new AtomicLong();
                m.meters()
                    .add(
                        gauge(
                            "flows.endpoint.last.probe",
                            "1 for the outcome of the last probe of the resource's endpoint, 0"
                                + " for the others",
                            null,
                            Tags.of("namespace", namespace, "name", name, "outcome", k),
                            value));
                return value;
              })
          .set(o.equals(outcome) ? 1 : 0);
    }
  }

  /** Records whether the resource's EndpointReady condition is True. */
  public void endpointReady(String namespace, String name, boolean ready) {
    endpoints
        .computeIfAbsent(new ResourceKey(namespace, name), this::endpointMeters)
        .ready()
        .set(ready ? 1 : 0);
  }

  /** Forgets the endpoint series of a resource that no longer names an endpoint, or is gone. */
  public void forgetEndpoint(String namespace, String name) {
    EndpointMeters m = endpoints.remove(new ResourceKey(namespace, name));
    if (m != null) {
      m.meters().forEach(registry::remove);
    }
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
    rotationsStarted
        .computeIfAbsent(
            namespace + "/" + name,
            k -> {
              AtomicLong value = new AtomicLong();
              Gauge.builder(ROTATION_STARTED, value, AtomicLong::get)
                  .description(
                      "When the rotation under way began (epoch s); present only until its new"
                          + " key is registered for every number")
                  .baseUnit("seconds")
                  .tags(Tags.of("namespace", namespace, "name", name))
                  .register(registry);
              return value;
            })
        .set(since.getEpochSecond());
  }

  /** No rotation of this resource's key is waiting for registration (any more). */
  public void rotationSettled(String namespace, String name) {
    if (rotationsStarted.remove(namespace + "/" + name) != null) {
      registry
          .find(ROTATION_STARTED)
          .tags("namespace", namespace, "name", name)
          .meters()
          .forEach(registry::remove);
    }
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
    numberKnown(namespace, name, phoneNumberId, signatureStatus, valid, interval);
    Map<String, NumberMeters> own = numbers.get(new ResourceKey(namespace, name));
    NumberMeters m = own == null ? null : own.get(phoneNumberId);
    if (m == null) {
      return; // forgotten meanwhile: the resource was deleted
    }
    synchronized (m) {
      if (m.lastChecked().getAndSet(at.getEpochSecond()) == 0) {
        m.meters()
            .add(
                gauge(
                    "flows.phone.number.last.checked.timestamp",
                    "When the operator last read this number's key from Graph (Unix time)",
                    "seconds",
                    numberTags(m.key()),
                    m.lastChecked()));
      }
    }
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
    String status = signatureStatus == null ? UNKNOWN : signatureStatus;
    NumberMeters m =
        numbers
            .computeIfAbsent(new ResourceKey(namespace, name), k -> new ConcurrentHashMap<>())
            .computeIfAbsent(phoneNumberId, id -> numberMeters(new NumberKey(namespace, name, id)));
    m.valid().set(valid ? 1 : 0);
    m.interval().set(interval.toSeconds());
    String before = m.status().getAndSet(status);
    if (!status.equals(before)) {
      if (before != null) {
        statusGauge(before).decrementAndGet();
      }
      statusGauge(status).incrementAndGet();
    }
  }

  /** Records whether the resource's Ready and Stalled conditions are True. */
  public void resourceState(String namespace, String name, boolean ready, boolean stalled) {
    ResourceMeters m =
        resources.computeIfAbsent(new ResourceKey(namespace, name), this::resourceMeters);
    m.ready().set(ready ? 1 : 0);
    m.stalled().set(stalled ? 1 : 0);
  }

  /** Forgets the numbers a resource no longer lists. */
  public void retainNumbers(String namespace, String name, Set<String> phoneNumberIds) {
    Map<String, NumberMeters> own = numbers.get(new ResourceKey(namespace, name));
    if (own == null) {
      return;
    }
    own.keySet().stream()
        .filter(id -> !phoneNumberIds.contains(id))
        .toList()
        .forEach(id -> forget(own.remove(id)));
  }

  /** Forgets a resource that is gone, or paused, and all its numbers. */
  public void forgetResource(String namespace, String name) {
    Map<String, NumberMeters> own = numbers.remove(new ResourceKey(namespace, name));
    if (own != null) {
      own.values().forEach(this::forget);
    }
    rotationSettled(namespace, name);
    forgetEndpoint(namespace, name);
    ResourceMeters m = resources.remove(new ResourceKey(namespace, name));
    if (m != null) {
      m.meters().forEach(registry::remove);
    }
  }

  private void forget(NumberMeters m) {
    if (m == null) {
      return;
    }
    String status = m.status().get();
    if (status != null) {
      statusGauge(status).decrementAndGet();
    }
    m.meters().forEach(registry::remove);
  }

  private static Tags numberTags(NumberKey k) {
    return Tags.of(
        "namespace", k.namespace(), "name", k.name(), "phone_number_id", k.phoneNumberId());
  }

  private NumberMeters numberMeters(NumberKey k) {
    Tags tags = numberTags(k);
    NumberMeters m =
        new NumberMeters(
            k,
            new AtomicLong(),
            new AtomicLong(),
            new AtomicLong(),
            new AtomicReference<>(),
            new CopyOnWriteArrayList<>());
    m.meters()
        .add(
            gauge(
                "flows.phone.number.valid",
                "1 when Graph holds a key of ours for the number with signature VALID, else 0",
                null,
                tags,
                m.valid()));
    m.meters()
        .add(
            gauge(
                "flows.phone.number.verify.interval",
                "The verifyInterval of the resource listing the number",
                "seconds",
                tags,
                m.interval()));
    return m;
  }

  private ResourceMeters resourceMeters(ResourceKey k) {
    Tags tags = Tags.of("namespace", k.namespace(), "name", k.name());
    ResourceMeters m = new ResourceMeters(new AtomicLong(), new AtomicLong(), new ArrayList<>());
    m.meters()
        .add(gauge("flows.resource.ready", "1 when Ready is True, else 0", null, tags, m.ready()));
    m.meters()
        .add(
            gauge(
                "flows.resource.stalled",
                "1 when Stalled is True (only a person can make progress), else 0",
                null,
                tags,
                m.stalled()));
    return m;
  }

  private EndpointMeters endpointMeters(ResourceKey k) {
    EndpointMeters m =
        new EndpointMeters(new AtomicLong(), new ConcurrentHashMap<>(), new ArrayList<>());
    m.meters()
        .add(
            gauge(
                "flows.endpoint.ready",
                "1 when EndpointReady is True (the endpoint opened a probe sealed to the current"
                    + " key), else 0; only for resources with spec.endpoint",
                null,
                Tags.of("namespace", k.namespace(), "name", k.name()),
                m.ready()));
    return m;
  }

  private Meter gauge(String name, String description, String unit, Tags tags, AtomicLong value) {
    Gauge.Builder<AtomicLong> b =
        Gauge.builder(name, value, AtomicLong::get).description(description).tags(tags);
    if (unit != null) {
      b.baseUnit(unit);
    }
    return b.register(registry);
  }

  private AtomicLong statusGauge(String status) {
    return byStatus.computeIfAbsent(
        status,
        s -> {
          AtomicLong count = new AtomicLong();
          Gauge.builder("flows.phone.numbers", count, AtomicLong::get)
              .description("Managed phone numbers by the signature status Graph last reported")
              .tag("signature_status", s)
              .register(registry);
          return count;
        });
  }

  private record NumberKey(String namespace, String name, String phoneNumberId) {}

  private record ResourceKey(String namespace, String name) {}

  /** The meters of one number; {@code lastChecked} is 0 until this process checked it. */
  private record NumberMeters(
      NumberKey key,
      AtomicLong lastChecked,
      AtomicLong valid,
      AtomicLong interval,
      AtomicReference<String> status,
      List<Meter> meters) {}

  private record EndpointMeters(
      AtomicLong ready, Map<String, AtomicLong> lastOutcome, List<Meter> meters) {}

  private record ResourceMeters(AtomicLong ready, AtomicLong stalled, List<Meter> meters) {}
}
