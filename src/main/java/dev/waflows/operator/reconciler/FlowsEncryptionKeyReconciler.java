package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.graph.GraphEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a FlowsEncryptionKey in a short fixed sequence: pause check, spec check, gather the
 * Secrets once, key, per-number verification (only when due), then status, written only when it
 * changed. Annotation changes must reach it, so generation-aware filtering is off and a filter
 * drops the resource's own status updates instead.
 */
@ControllerConfiguration(
    name = FlowsEncryptionKeyReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrAnnotationsChanged.class))
// Kubernetes API failures are retried without limit (2 s doubling to 5 min): a resource must
// never stall because a permission was missing for a while.
@GradualRetry(
    maxAttempts = -1,
    initialInterval = 2_000,
    intervalMultiplier = 2,
    maxInterval = 300_000)
public class FlowsEncryptionKeyReconciler implements Reconciler<FlowsEncryptionKey> {

  public static final String NAME = "flowsencryptionkey";

  /** Primary-cache index from phone number ID to every resource listing it. */
  static final String PHONE_NUMBER_INDEX = "phone-number-ids";

  private static final Logger LOG = LoggerFactory.getLogger(FlowsEncryptionKeyReconciler.class);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final SecretInputsReader secretInputs;
  private final KeyProvisioner keys;
  private final RotationCoordinator rotations;
  private final PhoneNumberVerifier verifier;
  private final Executor numberWorkers = NumberWorkers.create();
  private final VerificationTracker tracker;
  private final Housekeeping housekeeping;
  private final KeyEvents events;
  private final StatusReporter reporter;
  private final GraphEndpoint defaultEndpoint;
  private final TimeSource time;

  public FlowsEncryptionKeyReconciler(ReconcilerContext context) {
    this.client = context.client();
    this.namespaces = context.namespaces();
    this.secretInputs = new SecretInputsReader(new SecretReader(client));
    this.keys = new KeyProvisioner(client, context.keyGenerator(), context.time());
    this.verifier = new PhoneNumberVerifier(context.graph());
    this.tracker = new VerificationTracker();
    this.events = new KeyEvents(client, context.time());
    this.rotations =
        new RotationCoordinator(client, context.keyGenerator(), keys, events, context.metrics());
    this.housekeeping = new Housekeeping(tracker, context.metrics(), keys).alsoFor(rotations);
    this.reporter = new StatusReporter(events, context.metrics());
    this.defaultEndpoint = context.defaultEndpoint();
    this.time = context.time();
  }

  @Override
  public List<EventSource<?, FlowsEncryptionKey>> prepareEventSources(
      EventSourceContext<FlowsEncryptionKey> context) {
    context
        .getPrimaryCache()
        .addIndexers(
            Map.of(
                ReferencedSecretEventSource.INDEX,
                ReferencedSecretEventSource::referencedSecrets,
                PHONE_NUMBER_INDEX,
                r ->
                    r.getSpec() == null || r.getSpec().getPhoneNumberIds() == null
                        ? List.of()
                        : r.getSpec().getPhoneNumberIds()));
    return List.of(new ReferencedSecretEventSource(client, namespaces, context.getPrimaryCache()));
  }

  @Override
  public UpdateControl<FlowsEncryptionKey> reconcile(
      FlowsEncryptionKey resource, Context<FlowsEncryptionKey> context) {
    Instant now = time.now();
    String id = resourceId(resource);
    FlowsEncryptionKeyStatus before = currentStatus(resource);
    ReconcilePass pass = new ReconcilePass(resource, before, now);
    housekeeping.maybeRun(now, () -> context.getPrimaryCache().list().toList());

    if (isPaused(resource)) {
      tracker.forget(id);
      rotations.refuseWhilePaused(pass);
      return pass.finish(reporter.paused(pass), Optional.empty());
    }

    SpecCheck.Result checked = SpecCheck.check(resource.getSpec(), defaultEndpoint);
    if (checked.spec().isEmpty()) {
      tracker.forget(id);
      return pass.finish(
          reporter.blocked(
              pass,
              new Assessment.Problem(Reasons.INVALID_SPEC, String.join("; ", checked.problems()))),
          Optional.empty());
    }
    Mode mode = checked.spec().get().mode();
    Duration interval = checked.spec().get().interval();
    GraphEndpoint endpoint = checked.spec().get().endpoint();
    SecretInputs inputs = secretInputs.read(resource);
    String signature = inputSignature(resource, mode, inputs.keySecretVersion(), inputs);
    if (!tracker.isDue(id, signature, now)) {
      return UpdateControl.<FlowsEncryptionKey>noUpdate()
          .rescheduleAfter(time.realDelay(tracker.untilDue(id, now)));
    }

    KeyOutcome provisioned = keys.provision(resource, mode, inputs);
    // Rotation: may write the key Secret (new pair, or dropping the previous one) first.
    RotationCoordinator.Prepared rotation =
        rotations.prepare(pass, mode, checked.spec().get().rotation(), inputs, provisioned);
    KeyOutcome key = rotation.key();
    // Writing the key Secret is our own doing: it must not count as a change next time.
    signature = inputSignature(resource, mode, key.secretResourceVersion(), inputs);

    // Without a usable key or token no number can be checked: retried with backoff, and a fix
    // to either Secret triggers a pass at once.
    List<NumberObservation> observations = List.of();
    Optional<Duration> retryAfter = Optional.empty();
    boolean failed = true;
    if (key.ready() && inputs.token().isPresent()) {
      NumberRound round =
          new NumberRound(
              verifier,
              numberWorkers,
              endpoint,
              inputs.token().get(),
              key.key().get(),
              mode,
              rotation.mayRegister());
      observations = round.run(resource, claimsOf(resource, context));
      retryAfter = round.retryAfter();
      failed = round.anyFailed();
    }

    RotationCoordinator.Report rotated = rotations.finish(pass, rotation, observations);
    FlowsEncryptionKeyStatus after =
        reporter.verified(
            pass, mode, key, inputs.tokenProblem(), observations, Optional.of(rotated));
    // The rotation's next step (registerAfter over, previous key expired, schedule due) makes
    // the resource due at that moment.
    Duration until = untilDeadline(interval, rotated.deadline(), now);
    Duration next =
        failed
            ? tracker.failed(id, signature, now, until, retryAfter.orElse(null))
            : tracker.succeeded(id, signature, now, until);
    LOG.debug("{} verified; next check in {}", id, next);
    return pass.finish(after, Optional.of(time.realDelay(next)));
  }

  /**
   * A failed Kubernetes call (JOSDK retries it with backoff, without limit): shown in Ready so that
   * a missing permission is visible with kubectl, not only in the operator's log.
   */
  @Override
  public ErrorStatusUpdateControl<FlowsEncryptionKey> updateErrorStatus(
      FlowsEncryptionKey resource, Context<FlowsEncryptionKey> context, Exception e) {
    LOG.warn("reconcile of {} failed: {}", resourceId(resource), KubernetesErrors.describe(e));
    ReconcilePass pass = new ReconcilePass(resource, currentStatus(resource), time.now());
    FlowsEncryptionKeyStatus after =
        reporter.blocked(
            pass,
            new Assessment.Problem(Reasons.KUBERNETES_API_ERROR, KubernetesErrors.describe(e)));
    if (after.equals(pass.before())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    resource.setStatus(after);
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  private Map<String, Optional<FlowsEncryptionKey>> claimsOf(
      FlowsEncryptionKey resource, Context<FlowsEncryptionKey> context) {
    return resource.getSpec().getPhoneNumberIds().stream()
        .distinct()
        .collect(
            Collectors.toMap(
                n -> n,
                n ->
                    PhoneNumberClaims.ownerOtherThan(
                        resource, context.getPrimaryCache().byIndex(PHONE_NUMBER_INDEX, n))));
  }

  /** The verify interval, shortened to end at the rotation's deadline (at least one second). */
  private static Duration untilDeadline(
      Duration interval, Optional<Instant> deadline, Instant now) {
    if (deadline.isEmpty()) {
      return interval;
    }
    Duration left = Duration.between(now, deadline.get());
    if (left.compareTo(Duration.ofSeconds(1)) < 0) {
      left = Duration.ofSeconds(1);
    }
    return left.compareTo(interval) < 0 ? left : interval;
  }

  /** What a verification depends on; when it changes, the numbers are checked again at once. */
  private static String inputSignature(
      FlowsEncryptionKey r, Mode mode, String keySecretVersion, SecretInputs inputs) {
    String requested = Annotations.get(r, Annotations.RECONCILE_REQUESTED_AT).orElse("");
    String rotate = Annotations.get(r, Annotations.ROTATE_REQUESTED_AT).orElse("");
    return String.join(
        "|",
        String.valueOf(r.getMetadata().getGeneration()),
        mode.name(),
        keySecretVersion,
        inputs.otherVersions(),
        requested,
        rotate);
  }

  static boolean isPaused(FlowsEncryptionKey r) {
    return Annotations.get(r, Annotations.PAUSED).filter("true"::equalsIgnoreCase).isPresent();
  }

  static String resourceId(FlowsEncryptionKey r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  private static FlowsEncryptionKeyStatus currentStatus(FlowsEncryptionKey r) {
    return r.getStatus() == null ? new FlowsEncryptionKeyStatus() : r.getStatus();
  }
}
