package dev.waflows.operator.reconciler.secrets;

import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.reconciler.FixedTime;
import dev.waflows.operator.reconciler.MockCluster;
import dev.waflows.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events as kubectl describe shows them: a repeat raises the count, it adds no line. */
@EnableKubernetesMockClient(crud = true)
class KeyEventsTest {

  static KubernetesClient client;

  private final FixedTime time = new FixedTime();
  private MockCluster cluster;
  private String ns;
  private FlowsEncryptionKey shop;
  private KeyEvents events;

  @BeforeAll
  static void installCrd() throws Exception {
    OperatorHarness.installCrd(client);
  }

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
    ns = freshNamespace();
    shop = cluster.create(ns, "shop", MockCluster.spec("key", MockCluster.phoneNumber()));
    events = new KeyEvents(client, time);
  }

  @Test
  void theSameEventAgainWithinTenMinutesRaisesTheCountOfTheFirst() {
    events.record(shop, KeyEvents.WARNING, "InvalidToken", "the token was refused");
    time.advance(Duration.ofMinutes(2));
    events.record(shop, KeyEvents.WARNING, "InvalidToken", "the token was refused");
    time.advance(Duration.ofMinutes(3));
    events.record(shop, KeyEvents.WARNING, "InvalidToken", "the token was refused");

    Event only = cluster.events(ns, "InvalidToken").get(0);
    assertThat(cluster.events(ns, "InvalidToken")).hasSize(1);
    assertThat(only.getCount()).isEqualTo(3);
    assertThat(only.getFirstTimestamp()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(only.getLastTimestamp()).isEqualTo("2026-03-01T10:05:00Z");
  }

  @Test
  void anotherMessageOrALaterRepeatIsANewEvent() {
    events.record(shop, KeyEvents.WARNING, "InvalidToken", "the token was refused");
    events.record(shop, KeyEvents.WARNING, "InvalidToken", "the token expired");
    time.advance(Duration.ofMinutes(11));
    events.record(shop, KeyEvents.WARNING, "InvalidToken", "the token expired");

    assertThat(cluster.events(ns, "InvalidToken")).hasSize(3);
  }

  @Test
  void aRepeatOfAnEventThatIsGoneIsRecordedAfresh() {
    events.record(shop, KeyEvents.NORMAL, "KeyGenerated", "generated");
    client.v1().events().inNamespace(ns).delete();
    events.record(shop, KeyEvents.NORMAL, "KeyGenerated", "generated");

    assertThat(cluster.events(ns, "KeyGenerated"))
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }
}
