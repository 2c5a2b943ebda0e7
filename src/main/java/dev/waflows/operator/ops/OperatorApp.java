package dev.waflows.operator.ops;

import dev.waflows.operator.config.OperatorConfig;
import dev.waflows.operator.reconciler.controller.FlowsEncryptionKeyReconciler;
import dev.waflows.operator.reconciler.controller.ReconcilerContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the reconciler into a JOSDK {@link Operator}: configuration service overrides, metrics,
 * leader election. Main and the tests start the operator through this one class.
 *
 * <p>Shutdown ({@link #close}): JOSDK stops dispatching, lets running reconciles finish (bounded by
 * {@link #RECONCILE_TERMINATION_TIMEOUT}), stops leader election; then the Lease is handed back so
 * that a standby replica takes over at once instead of after the lease duration. Losing the lease
 * while running is different: the process exits (see {@link LeaderElection#onLeadershipLost}), as
 * JOSDK would, so that two replicas never reconcile at once.
 */
public final class OperatorApp implements AutoCloseable {

  /** How long {@link #close} waits for running reconciles before abandoning them. */
  public static final Duration RECONCILE_TERMINATION_TIMEOUT = Duration.ofSeconds(20);

  private static final Logger LOG = LoggerFactory.getLogger(OperatorApp.class);

  /**
   * Leader election through a Lease.
   *
   * @param onLeadershipLost runs when another replica took the Lease (or it could not be renewed)
   *     while this one was running; not on {@link #close}. Production exits the process.
   */
  public record LeaderElection(
      String namespace,
      String leaseName,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod,
      Runnable onLeadershipLost) {

    public LeaderElection {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(leaseName, "leaseName");
      Objects.requireNonNull(onLeadershipLost, "onLeadershipLost");
      if (renewDeadline.compareTo(leaseDuration) >= 0
          || retryPeriod.compareTo(renewDeadline) >= 0) {
        throw new IllegalArgumentException(
            "leader election needs retryPeriod < renewDeadline < leaseDuration");
      }
    }

    /** Fabric8's timings (15 s lease, 10 s renew deadline, 2 s retry); exits on a lost lease. */
    public static LeaderElection of(String namespace, String leaseName) {
      return new LeaderElection(
          namespace,
          leaseName,
          LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
          LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
          LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
          OperatorApp::exitAfterLosingLeadership);
    }

    public LeaderElection withTimings(Duration lease, Duration renewDeadline, Duration retry) {
      return new LeaderElection(
          namespace, leaseName, lease, renewDeadline, retry, onLeadershipLost);
    }

    public LeaderElection withOnLeadershipLost(Runnable action) {
      return new LeaderElection(
          namespace, leaseName, leaseDuration, renewDeadline, retryPeriod, action);
    }
  }

  private final Operator operator;
  private final KubernetesClient client;
  private final Optional<LeaderElection> leaderElection;
  private final String identity;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();

  /**
   * @param leaderElection empty turns leader election off
   */
  public OperatorApp(
      ReconcilerContext context,
      MeterRegistry registry,
      int reconcileThreads,
      Optional<LeaderElection> leaderElection) {
    this.client = context.client();
    this.leaderElection = leaderElection;
    this.identity =
        Optional.ofNullable(System.getenv("HOSTNAME")).orElse("flows-key-operator")
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
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
              leaderElection.ifPresent(
                  le -> o.withLeaderElectionConfiguration(josdkLeaderElection(le)));
            });
    operator.register(
        new FlowsEncryptionKeyReconciler(context),
        c -> {
          if (!context.namespaces().isEmpty()) {
            c.settingNamespaces(context.namespaces());
          }
          context.labelSelector().ifPresent(c::withLabelSelector);
        });
  }

  public static OperatorApp fromConfig(
      ReconcilerContext context, MeterRegistry registry, OperatorConfig config) {
    return new OperatorApp(
        context,
        registry,
        config.reconcileThreads(),
        config.leaderElection()
            ? Optional.of(
                LeaderElection.of(
                    config.leaderElectionNamespace(), config.leaderElectionLeaseName()))
            : Optional.empty());
  }

  public void start() {
    operator.start();
  }

  /** Started, and, when this replica leads, every informer and watch is up and synced. */
  public boolean isReady() {
    if (closing.get() || !operator.getRuntimeInfo().isStarted()) {
      return false;
    }
    // A standby replica is ready to take over; it has nothing to sync until it leads.
    if (leaderElection.isPresent() && !leading.get()) {
      return true;
    }
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public boolean isLeading() {
    return leaderElection.isEmpty() || leading.get();
  }

  /** This replica's name in the Lease. */
  public String identity() {
    return identity;
  }

  /**
   * Stops taking work, waits for running reconciles (at most {@link
   * #RECONCILE_TERMINATION_TIMEOUT}), then hands the Lease back if this replica held it.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    boolean held = leaderElection.isPresent() && leading.get();
    operator.stop();
    if (held) {
      releaseLease(leaderElection.get());
    }
  }

  private LeaderElectionConfiguration josdkLeaderElection(LeaderElection le) {
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> {
              leading.set(true);
              LOG.info("leading as {}", identity);
            },
            () -> {
              leading.set(false);
              if (closing.get()) {
                LOG.info("stopped leading: shutting down");
              } else {
                LOG.error("lost the Lease {}/{} while running", le.namespace(), le.leaseName());
                le.onLeadershipLost().run();
              }
            },
            leader -> LOG.info("current leader: {}", leader));
    // exitOnStopLeading false: JOSDK would otherwise call System.exit(1) on close too, from the
    // thread that stops the operator, which in a shutdown hook blocks that hook for good. Exiting
    // on a lost lease is done by onLeadershipLost instead.
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(le.leaseName())
        .withLeaseNamespace(le.namespace())
        .withLeaseDuration(le.leaseDuration())
        .withRenewDeadline(le.renewDeadline())
        .withRetryPeriod(le.retryPeriod())
        .withIdentity(identity)
        .withLeaderCallbacks(callbacks)
        .withExitOnStopLeading(false)
        .build();
  }

  /** Clears the holder of a Lease this replica holds, as client-go's ReleaseOnCancel does. */
  private void releaseLease(LeaderElection le) {
    LeaseLock lock = new LeaseLock(le.namespace(), le.leaseName(), identity);
    try {
      LeaderElectionRecord current = lock.get(client);
      if (current == null || !identity.equals(current.getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      // "" rather than null: the lock writes a JSON merge patch, where null would mean "leave as
      // it is". A blank holder lets the next candidate take the Lease at once.
      lock.update(
          client,
          new LeaderElectionRecord(
              "", Duration.ofSeconds(1), now, now, current.getLeaderTransitions()));
      LOG.info("released the Lease {}/{}", le.namespace(), le.leaseName());
    } catch (KubernetesClientException e) {
      // The Lease then simply expires.
      LOG.warn(
          "could not release the Lease {}/{}: {}", le.namespace(), le.leaseName(), e.getCode());
    }
  }

  /**
   * Another replica may already be reconciling: stop at once. On a thread of its own, so that the
   * shutdown hook, which stops the operator and its leader elector, does not wait on this one.
   */
  private static void exitAfterLosingLeadership() {
    Thread exit = new Thread(() -> System.exit(1), "lost-leadership-exit");
    exit.start();
  }
}
