package dev.waflows.operator.ops;

import static dev.waflows.operator.reconciler.OperatorHarness.phoneNumber;
import static dev.waflows.operator.reconciler.OperatorHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.ops.ApiRequests.ApiRequest;
import dev.waflows.operator.ops.OperatorApp.LeaderElection;
import dev.waflows.operator.reconciler.OperatorHarness;
import dev.waflows.sandbox.GraphSandbox;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas against one API server: one leads and reconciles, the other waits, writes nothing,
 * and takes over when the leader stops.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {

  static final String LEASE_NAMESPACE = DeployManifestTest.NS;

  static KubernetesMockServer server;
  static KubernetesClient client;
  private static DeployManifests deploy;

  @BeforeAll
  static void grantTheDeployedLeaderElectionRole() throws Exception {
    deploy = DeployManifests.render("deploy/");
    answerRulesReviews(server, deploy);
  }

  /**
   * JOSDK refuses to elect without get, create and update on leases, which it learns from a
   * SelfSubjectRulesReview: the mock server (which has no RBAC) answers with what deploy/ grants.
   */
  static void answerRulesReviews(KubernetesMockServer server, DeployManifests deploy) {
    Role role = deploy.one(Role.class, "flows-key-operator-leader-election");
    SelfSubjectRulesReview review =
        new SelfSubjectRulesReviewBuilder()
            .withNewSpec()
            .withNamespace(role.getMetadata().getNamespace())
            .endSpec()
            .withNewStatus()
            .withIncomplete(false)
            .withResourceRules(
                role.getRules().stream()
                    .map(
                        r ->
                            new ResourceRuleBuilder()
                                .withApiGroups(r.getApiGroups())
                                .withResources(r.getResources())
                                .withVerbs(r.getVerbs())
                                .build())
                    .toList())
            .endStatus()
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review)
        .always();
  }

  /** Short timings, so that a takeover takes a second, not fifteen. */
  static LeaderElection leaderElection(String leaseName, Runnable onLost) {
    return LeaderElection.of(LEASE_NAMESPACE, leaseName)
        .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200))
        .withOnLeadershipLost(onLost);
  }

  @Test
  void oneReplicaLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
    AtomicInteger lost = new AtomicInteger();
    LeaderElection le = leaderElection("flows-key-operator", lost::incrementAndGet);
    try (GraphSandbox graph = GraphSandbox.start().acceptTokens(OperatorHarness.TOKEN);
        KubernetesClient clientA = ApiRequests.clientAs(client, "replica-a");
        KubernetesClient clientB = ApiRequests.clientAs(client, "replica-b");
        OperatorHarness a = new OperatorHarness(client, clientA, graph, Optional.of(le), true);
        OperatorHarness b = new OperatorHarness(client, clientB, graph, Optional.of(le), true)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> leaders(a, b) == 1);
      // ... and it stays one over several renewals.
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> leaders(a, b) == 1);
      OperatorHarness leader = a.app().isLeading() ? a : b;
      OperatorHarness standby = leader == a ? b : a;
      String standbyAgent = leader == a ? "replica-b" : "replica-a";
      assertThat(lease("flows-key-operator").getSpec().getHolderIdentity())
          .isEqualTo(leader.app().identity());
      assertThat(standby.app().isReady()).as("a standby is ready to take over").isTrue();

      String ns = leader.namespace();
      List<String> numbers = List.of(phoneNumber(), phoneNumber(), phoneNumber(), phoneNumber());
      leader.create(ns, "shop", spec("shop-key", numbers.get(0), numbers.get(1)));
      leader.create(ns, "billing", spec("billing-key", numbers.get(2), numbers.get(3)));
      leader.awaitReady(ns, "shop");
      leader.awaitReady(ns, "billing");
      for (String id : numbers) {
        assertThat(graph.postCount(id)).as("registrations of %s", id).isEqualTo(1);
      }
      // The standby watched and waited: nothing but reads and the Lease.
      List<ApiRequest> all = new ArrayList<>(ApiRequests.drain(server, "replica-a", "replica-b"));
      assertThat(all)
          .filteredOn(r -> r.userAgent().equals(standbyAgent) && !r.method().equals("GET"))
          .allSatisfy(
              r -> assertThat(r.permission().resource()).isIn("leases", "selfsubjectrulesreviews"));

      long before = System.nanoTime();
      leader.close();
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(50))
          .until(standby.app()::isLeading);
      assertThat(lost).as("stopping is not losing").hasValue(0);
      assertThat(lease("flows-key-operator").getSpec().getHolderIdentity())
          .isEqualTo(standby.app().identity());

      String later = phoneNumber();
      standby.create(ns, "later", spec("later-key", later));
      standby.awaitReady(ns, "later");
      assertThat(graph.postCount(later)).isEqualTo(1);
      for (String id : numbers) {
        assertThat(graph.postCount(id)).as("no second registration of %s", id).isEqualTo(1);
      }

      all.addAll(ApiRequests.drain(server, "replica-a", "replica-b"));
      assertThat(ApiRequests.assertAllowed(all, deploy))
          .contains(
              "coordination.k8s.io leases get",
              "coordination.k8s.io leases create",
              "coordination.k8s.io leases patch");
    }
  }

  @Test
  void losingTheLeaseWhileRunningCallsTheLostLeadershipAction() throws Exception {
    AtomicInteger lost = new AtomicInteger();
    LeaderElection le = leaderElection("lost-lease", lost::incrementAndGet);
    try (OperatorHarness h = new OperatorHarness(client, client, null, Optional.of(le), true)) {
      await().atMost(Duration.ofSeconds(10)).until(h.app()::isLeading);
      // Another replica takes the Lease behind this one's back (as after a long GC pause). The
      // leader renews every 200 ms, so the edit may meet a conflict: try again.
      await()
          .atMost(Duration.ofSeconds(5))
          .ignoreExceptions()
          .until(
              () ->
                  client
                          .leases()
                          .inNamespace(LEASE_NAMESPACE)
                          .withName("lost-lease")
                          .edit(
                              l -> {
                                l.getSpec().setHolderIdentity("someone-else");
                                l.getSpec().setLeaseDurationSeconds(60);
                                l.getSpec().setRenewTime(ZonedDateTime.now());
                                return l;
                              })
                      != null);
      await().atMost(Duration.ofSeconds(5)).until(() -> lost.get() == 1);
      assertThat(h.app().isLeading()).isFalse();
    }
    assertThat(lost).as("closing afterwards is no second loss").hasValue(1);
  }

  private static int leaders(OperatorHarness a, OperatorHarness b) {
    return (a.app().isLeading() ? 1 : 0) + (b.app().isLeading() ? 1 : 0);
  }

  private static Lease lease(String name) {
    return client.leases().inNamespace(LEASE_NAMESPACE).withName(name).get();
  }
}
