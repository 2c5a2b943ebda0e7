package dev.waflows.operator.reconciler.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.endpoint.ProbeOutcome;
import dev.waflows.operator.endpoint.ProbeResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointProbesTest {

  private static final ResourceID SHOP = new ResourceID("shop", "whatsapp");
  private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");

  private final EndpointProbes probes = new EndpointProbes();

  @Test
  void aWaitingKeyIsProbedEveryFewSecondsBackingOffTo15Seconds() {
    List<Long> waits = new ArrayList<>();
    Instant now = T0;
    for (int i = 0; i < 9; i++) {
      Duration wait = probes.waiting(SHOP, "SHA256:new", null, now);
      waits.add(wait.toSeconds());
      assertThat(probes.nextWaitingProbe(SHOP)).contains(now.plus(wait));
      now = now.plus(wait);
    }
    assertThat(waits).containsExactly(2L, 4L, 8L, 15L, 15L, 15L, 15L, 15L, 15L);
    assertThat(probes.isWaiting(SHOP)).isTrue();
  }

  @Test
  void anotherKeyStartsAfreshAndSettlingStopsTheWaitButKeepsTheLastProbe() {
    probes.waiting(SHOP, "SHA256:a", null, T0);
    probes.waiting(SHOP, "SHA256:a", null, T0);
    assertThat(probes.waiting(SHOP, "SHA256:b", null, T0)).isEqualTo(Duration.ofSeconds(2));
    ProbeResult opened = new ProbeResult(ProbeOutcome.Opened, "ok", Duration.ofMillis(3));
    probes.recorded(SHOP, "SHA256:b", opened, T0);
    probes.settled(SHOP);
    assertThat(probes.isWaiting(SHOP)).isFalse();
    assertThat(probes.nextWaitingProbe(SHOP)).isEmpty();
    assertThat(probes.last(SHOP))
        .hasValueSatisfying(
            l ->
                assertThat(l.asGateProbe())
                    .isEqualTo(new RegistrationGate.Probe("SHA256:b", ProbeOutcome.Opened, T0)));
    probes.forget(SHOP);
    assertThat(probes.last(SHOP)).isEmpty();
  }
}
