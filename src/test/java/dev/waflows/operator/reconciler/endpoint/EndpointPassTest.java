package dev.waflows.operator.reconciler.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.endpoint.EndpointProber;
import dev.waflows.operator.endpoint.TestFlowsEndpoint;
import dev.waflows.operator.keys.Fixtures;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.metrics.FlowsMetrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One reconcile's view of spec.endpoint, against a local endpoint that counts the probes. */
class EndpointPassTest {

  private static final ResourceID SHOP = new ResourceID("shop", "whatsapp");
  private static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
  private static final LoadedKey KEY = Fixtures.loadedKey("rsa2048-pkcs8.pem", null);

  private TestFlowsEndpoint endpoint;
  private EndpointProber prober;
  private EndpointProbing probing;

  @BeforeEach
  void start() throws Exception {
    endpoint = new TestFlowsEndpoint(KEY.privateKey().orElseThrow());
    prober = new EndpointProber(Duration.ofSeconds(5));
    probing = new EndpointProbing(prober, new FlowsMetrics(new SimpleMeterRegistry()));
  }

  @AfterEach
  void stop() throws Exception {
    prober.close();
    endpoint.close();
  }

  /**
   * The reconciler asks twice in a pass that is not otherwise due (whether to run at all, then
   * whether a check is due); the endpoint that opens the waiting key gets one probe, not two, and
   * the probe of the current key beside the check is not sent again either.
   */
  @Test
  void aWaitingKeyTheEndpointOpensIsProbedOncePerPass() {
    probing.afterRound(SHOP, KEY, true, T0);
    EndpointPass pass = pass();
    Instant due = T0.plus(EndpointProbes.FIRST_WAIT);

    assertThat(pass.waitingKeyOpened(due)).isTrue();
    assertThat(pass.waitingKeyOpened(due)).isTrue();
    assertThat(pass.probeCurrent(Optional.of(KEY), due))
        .hasValueSatisfying(p -> assertThat(p.fingerprint()).isEqualTo(KEY.fingerprint()));

    assertThat(endpoint.requests()).isEqualTo(1);
  }

  @Test
  void aWaitingKeyIsNotProbedBeforeItsTime() {
    probing.afterRound(SHOP, KEY, true, T0);

    assertThat(pass().waitingKeyOpened(T0.plusSeconds(1))).isFalse();

    assertThat(endpoint.requests()).isZero();
  }

  private EndpointPass pass() {
    return EndpointPass.of(
        probing, SHOP, Optional.of(endpoint.url()), Optional.empty(), Optional.empty());
  }
}
