package dev.waflows.operator.ops;

import dev.waflows.operator.config.OperatorConfig;
import dev.waflows.operator.reconciler.FlowsEncryptionKeyReconciler;
import dev.waflows.operator.reconciler.ReconcilerContext;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the reconciler into a JOSDK {@link Operator}: configuration service overrides, metrics,
 * leader election. Main and the tests start the operator through this one class.
 */
public final class OperatorApp implements AutoCloseable {

  /** How long {@link #close} waits for running reconciles before abandoning them. */
  public static final Duration RECONCILE_TERMINATION_TIMEOUT = Duration.ofSeconds(20);

  private static final Logger LOG = LoggerFactory.getLogger(OperatorApp.class);

  private final Operator operator;
  private final boolean leaderElection;
  private final AtomicBoolean leading = new AtomicBoolean();

  /**
   * @param leaseNamespace where the Lease lives; empty turns leader election off
   */
  public OperatorApp(
      ReconcilerContext context,
      io.micrometer.core.instrument.MeterRegistry registry,
      int reconcileThreads,
      Optional<String> leaseNamespace,
      String leaseName) {
    this.leaderElection = leaseNamespace.isPresent();
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(context.client())
                  // The CRD is installed by the user (kubectl apply -k deploy/), not checked here.
                  .checkingCRDAndValidateLocalModel(false)
                  // Plain merge patches: older API servers and the test mock server lack SSA.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withConcurrentReconciliationThreads(reconcileThreads)
                  .withReconciliationTerminationTimeout(RECONCILE_TERMINATION_TIMEOUT)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              leaseNamespace.ifPresent(
                  ns -> o.withLeaderElectionConfiguration(leaderElection(ns, leaseName)));
            });
    operator.register(
        new FlowsEncryptionKeyReconciler(context),
        c -> {
          if (!context.namespaces().isEmpty()) {
            c.settingNamespaces(context.namespaces());
          }
        });
  }

  public static OperatorApp fromConfig(
      ReconcilerContext context,
      io.micrometer.core.instrument.MeterRegistry registry,
      OperatorConfig config) {
    return new OperatorApp(
        context,
        registry,
        config.reconcileThreads(),
        config.leaderElection() ? Optional.of(config.leaderElectionNamespace()) : Optional.empty(),
        config.leaderElectionLeaseName());
  }

  public void start() {
    operator.start();
  }

  /** Started, and, when this replica leads, every informer and watch is up and synced. */
  public boolean isReady() {
    if (!operator.getRuntimeInfo().isStarted()) {
      return false;
    }
    // A standby replica is ready to take over; it has nothing to sync until it leads.
    if (leaderElection && !leading.get()) {
      return true;
    }
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public boolean isLeading() {
    return !leaderElection || leading.get();
  }

  public Operator operator() {
    return operator;
  }

  @Override
  public void close() {
    operator.stop();
  }

  private LeaderElectionConfiguration leaderElection(String namespace, String leaseName) {
    String identity =
        Optional.ofNullable(System.getenv("HOSTNAME")).orElse("")
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> {
              leading.set(true);
              LOG.info("leading as {}", identity);
            },
            () -> {
              leading.set(false);
              LOG.info("stopped leading");
            },
            leader -> LOG.info("current leader: {}", leader));
    return new LeaderElectionConfiguration(
        leaseName,
        namespace,
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        identity,
        callbacks,
        true);
  }
}
