package dev.waflows.operator.proxy;

import dev.waflows.operator.flows.CipherProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's metrics (docs/reference.md). Labels are fixed words and key fingerprints: never a
 * path, a body or a token.
 */
final class ProxyMetrics {

  /** Buckets around Meta's targets: under 1 s wanted, 10 s the end. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;
  private final Timer requestDuration;
  private final Timer upstreamDuration;
  private final MultiGauge keyInfo;
  private final Counter keyReloadFailures;
  private final Counter appSecretReloadFailures;

  /**
   * The request counters, registered when first used (a series appears with its first request) and
   * then kept: no registry lookup per request.
   */
  private final Map<Outcome, Map<KeySlot, Counter>> requests = new EnumMap<>(Outcome.class);

  ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Outcome outcome : Outcome.values()) {
      requests.put(outcome, new ConcurrentHashMap<>());
    }
    requestDuration =
        Timer.builder("flows.proxy.request.duration")
            .description("Time from the request's headers to the end of the answer")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    upstreamDuration =
        Timer.builder("flows.proxy.upstream.duration")
            .description("Time the app took to answer, or to fail")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    keyInfo =
        MultiGauge.builder("flows.proxy.key.info")
            .description("1 for each private key that opens requests, by slot and fingerprint")
            .register(registry);
    keyReloadFailures =
        Counter.builder("flows.proxy.key.reload.failures")
            .description("Changes of the key directory that could not be loaded (old keys kept)")
            .register(registry);
    appSecretReloadFailures =
        Counter.builder("flows.proxy.app.secret.reload.failures")
            .description("Changes of the app secret files that could not be read (old kept)")
            .register(registry);
  }

  void answered(Outcome outcome, KeySlot key, long startNanos) {
    requests.get(outcome).computeIfAbsent(key, k -> requestCounter(outcome, k)).increment();
    requestDuration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  private Counter requestCounter(Outcome outcome, KeySlot key) {
    return Counter.builder("flows.proxy.requests")
        .description("Requests answered, by outcome and by the key that opened them")
        .tags("outcome", outcome.label, "key", key.label)
        .register(registry);
  }

  void upstreamAnswered(long startNanos) {
    upstreamDuration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  void keysLoaded(KeySnapshot keys) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    rows.add(row(KeySlot.CURRENT, keys.current().fingerprint()));
    keys.previous().ifPresent(p -> rows.add(row(KeySlot.PREVIOUS, p.fingerprint())));
    keyInfo.register(rows, true);
  }

  /** Which provider does the RSA and AES-GCM work: 1 for it, by name, version and native or not. */
  void cipherProvider(CipherProvider provider) {
    Gauge.builder("flows.proxy.crypto.provider.info", () -> 1)
        .description("1 for the JCA provider that opens requests and seals answers")
        .tags(
            "provider",
            provider.name(),
            "version",
            provider.version(),
            "native",
            String.valueOf(provider.isNative()))
        .register(registry);
  }

  void keyReloadFailed() {
    keyReloadFailures.increment();
  }

  void appSecretReloadFailed() {
    appSecretReloadFailures.increment();
  }

  private static MultiGauge.Row<?> row(KeySlot slot, String fingerprint) {
    return MultiGauge.Row.of(Tags.of("slot", slot.label, "fingerprint", fingerprint), 1);
  }
}
