package dev.waflows.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's own metrics. When each number was last checked lives here, not in status, so a
 * quiet resource causes no writes (Kubernetes API conventions: no heartbeats in status).
 */
public class FlowsMetrics {

  /** Signature status label for numbers Graph has not answered for. */
  public static final String UNKNOWN = "UNKNOWN";

  private final MeterRegistry registry;
  private final Counter keysGenerated;
  private final Counter rotations;
  private final Map<String, AtomicLong> rotationsStarted = new ConcurrentHashMap<>();
  private final Map<NumberKey, NumberState> numbers = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> byStatus = new ConcurrentHashMap<>();

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
    for (String s : new String[] {"VALID", "MISMATCH", UNKNOWN}) {
      statusGauge(s);
    }
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
              Gauge.builder("flows.key.rotation.started", value, AtomicLong::get)
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
          .find("flows.key.rotation.started")
          .tags("namespace", namespace, "name", name)
          .meters()
          .forEach(registry::remove);
    }
  }

  /** Records that Graph was asked about a number, and what it said (null: unknown). */
  public void numberChecked(
      String namespace, String name, String phoneNumberId, String signatureStatus, Instant at) {
    String status = signatureStatus == null ? UNKNOWN : signatureStatus;
    NumberKey key = new NumberKey(namespace, name, phoneNumberId);
    NumberState state =
        numbers.computeIfAbsent(
            key,
            k -> {
              NumberState s = new NumberState(new AtomicLong(), null);
              Gauge.builder("flows.phone.number.last.checked", s.epochSeconds(), AtomicLong::get)
                  .description("When the operator last read this number's key from Graph (epoch s)")
                  .baseUnit("seconds")
                  .tags(tags(k))
                  .register(registry);
              return s;
            });
    state.epochSeconds().set(at.getEpochSecond());
    if (!status.equals(state.status())) {
      if (state.status() != null) {
        statusGauge(state.status()).decrementAndGet();
      }
      statusGauge(status).incrementAndGet();
      numbers.put(key, new NumberState(state.epochSeconds(), status));
    }
  }

  /** Forgets the numbers of resources that are gone, or numbers removed from a spec. */
  public void retainOnly(Set<String> liveNumbers) {
    numbers.keySet().stream()
        .filter(k -> !liveNumbers.contains(k.id()))
        .toList()
        .forEach(this::forget);
  }

  /** The key {@link #retainOnly} understands for one number of one resource. */
  public static String numberId(String namespace, String name, String phoneNumberId) {
    return namespace + "/" + name + "/" + phoneNumberId;
  }

  private void forget(NumberKey key) {
    NumberState state = numbers.remove(key);
    if (state == null) {
      return;
    }
    if (state.status() != null) {
      statusGauge(state.status()).decrementAndGet();
    }
    registry
        .find("flows.phone.number.last.checked")
        .tags(tags(key))
        .meters()
        .forEach(registry::remove);
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

  private static Tags tags(NumberKey k) {
    return Tags.of(
        "namespace", k.namespace(), "name", k.name(), "phone_number_id", k.phoneNumberId());
  }

  private record NumberKey(String namespace, String name, String phoneNumberId) {
    String id() {
      return numberId(namespace, name, phoneNumberId);
    }
  }

  private record NumberState(AtomicLong epochSeconds, String status) {}
}
