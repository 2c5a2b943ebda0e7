package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.graph.AllowedBaseUrls;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.reconciler.Problem;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.TimeSource;
import dev.waflows.operator.reconciler.claims.ClaimantLookup;
import dev.waflows.operator.reconciler.claims.PhoneNumberClaims;
import dev.waflows.operator.reconciler.rotation.RotationCoordinator;
import dev.waflows.operator.reconciler.secrets.KeyEvents;
import dev.waflows.operator.reconciler.secrets.KeyOutcome;
import dev.waflows.operator.reconciler.secrets.KeyProvisioner;
import dev.waflows.operator.reconciler.secrets.ResourceDirectory;
import dev.waflows.operator.reconciler.secrets.SecretInputs;
import dev.waflows.operator.reconciler.secrets.SecretInputsReader;
import dev.waflows.operator.reconciler.secrets.SecretReader;
import dev.waflows.operator.reconciler.secrets.SecretVersions;
import dev.waflows.operator.reconciler.spec.SpecCheck;
import dev.waflows.operator.reconciler.status.PhoneNumberStatusCalculator;
import dev.waflows.operator.reconciler.status.StatusReporter;
import dev.waflows.operator.reconciler.verification.FirstCheckSpread;
import dev.waflows.operator.reconciler.verification.NumberObservation;
import dev.waflows.operator.reconciler.verification.NumberRound;
import dev.waflows.operator.reconciler.verification.NumberWorkers;
import dev.waflows.operator.reconciler.verification.PhoneNumberVerifier;
import dev.waflows.operator.reconciler.verification.VerificationInputs;
import dev.waflows.operator.reconciler.verification.VerificationTracker;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
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

  private static final Logger LOG = LoggerFactory.getLogger(FlowsEncryptionKeyReconciler.class);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final Optional<String> shardSelector;
  private final SecretInputsReader secretInputs;
  private final KeyProvisioner keys;
  private final RotationCoordinator rotations;
  private final PhoneNumberVerifier verifier;
  private final Executor numberWorkers = NumberWorkers.create();
  private final VerificationTracker tracker = new VerificationTracker();
  private final FlowsMetrics metrics;
  private final StatusReporter reporter;
  private final GraphEndpoint defaultEndpoint;
  private final AllowedBaseUrls allowedBaseUrls;
  private final TimeSource time;
  private ClaimantLookup claimants;
  // Every resource this operator can see, by uid (the claims' cache); set up with the caches.
  private volatile ResourceDirectory byUid = (ns, uid) -> Optional.empty();

  public FlowsEncryptionKeyReconciler(ReconcilerContext context) {
    this.client = context.client();
    this.namespaces = context.namespaces();
    this.shardSelector = context.labelSelector();
    this.secretInputs = new SecretInputsReader(new SecretReader(client));
    KeyEvents events = new KeyEvents(client, context.time());
    this.keys =
        new KeyProvisioner(
            client,
            context.keyGenerator(),
            context.time(),
            events,
            ResourceDirectory.cachedThenLive(client, (ns, uid) -> byUid.nameOf(ns, uid)));
    this.verifier = new PhoneNumberVerifier(context.graph());
    this.metrics = context.metrics();
    this.rotations = new RotationCoordinator(client, context.keyGenerator(), keys, events, metrics);
    this.reporter = new StatusReporter(events, metrics::keyGenerated);
    this.defaultEndpoint = context.defaultEndpoint();
    this.allowedBaseUrls = context.allowedBaseUrls();
    this.time = context.time();
  }

  @Override
  public List<EventSource<?, FlowsEncryptionKey>> prepareEventSources(
      EventSourceContext<FlowsEncryptionKey> context) {
    var primaries = context.getPrimaryCache();
    primaries.addIndexers(
        Map.of(
            ReferencedSecretEventSource.INDEX,
            ReferencedSecretEventSource::referencedSecrets,
            ClaimantLookup.PHONE_NUMBER_INDEX,
            ClaimantLookup::phoneNumbersOf));
    List<EventSource<?, FlowsEncryptionKey>> sources = new ArrayList<>();
    sources.add(new ReferencedSecretEventSource(client, namespaces, primaries));
    sources.add(new ForgetOnDelete(this::forget, gone -> sharingANumber(gone, primaries)));
    if (shardSelector.isEmpty()) {
      claimants = number -> primaries.byIndex(ClaimantLookup.PHONE_NUMBER_INDEX, number);
      byUid = (ns, uid) -> nameOf(primaries.list(ns, r -> uid.equals(r.getMetadata().getUid())));
    } else {
      // This shard caches only its own resources, but a phone number's claim is decided over all
      // of them: a second, unfiltered cache serves the claims, and a change there re-checks the
      // resources here that list the same numbers.
      InformerEventSource<FlowsEncryptionKey, FlowsEncryptionKey> everyone =
          new InformerEventSource<>(
              InformerEventSourceConfiguration.from(
                      FlowsEncryptionKey.class, FlowsEncryptionKey.class)
                  .withName("all-flowsencryptionkeys")
                  .withNamespacesInheritedFromController()
                  .withSecondaryToPrimaryMapper(peer -> sharingANumber(peer, primaries))
                  .build(),
              context);
      everyone.addIndexers(
          Map.of(ClaimantLookup.PHONE_NUMBER_INDEX, ClaimantLookup::phoneNumbersOf));
      claimants = number -> everyone.byIndex(ClaimantLookup.PHONE_NUMBER_INDEX, number);
      byUid = (ns, uid) -> nameOf(everyone.list(ns, r -> uid.equals(r.getMetadata().getUid())));
      sources.add(everyone);
    }
    return sources;
  }

  @Override
  public UpdateControl<FlowsEncryptionKey> reconcile(
      FlowsEncryptionKey resource, Context<FlowsEncryptionKey> context) {
    Instant now = time.now();
    ResourceID id = ResourceID.fromResource(resource);
    ReconcilePass pass = new ReconcilePass(resource, currentStatus(resource), now);

    if (Annotations.isPaused(resource)) {
      tracker.forget(id);
      metrics.forgetResource(
          resource.getMetadata().getNamespace(), resource.getMetadata().getName());
      rotations.refuseWhilePaused(pass);
      return pass.finish(reporter.paused(pass), Optional.empty());
    }

    SpecCheck.Result checked =
        SpecCheck.check(resource.getSpec(), defaultEndpoint, allowedBaseUrls);
    if (checked.spec().isEmpty()) {
      tracker.forget(id);
      FlowsEncryptionKeyStatus after =
          reporter.blocked(
              pass, new Problem(Reasons.INVALID_SPEC, String.join("; ", checked.problems())));
      recordResourceState(resource, after);
      return pass.finish(after, Optional.empty());
    }
    SpecCheck.EffectiveSpec spec = checked.spec().get();
    SecretInputs inputs = secretInputs.read(resource);
    Map<String, String> otherOwners = conflicts(resource, spec.mode());
    VerificationInputs verification =
        verificationInputs(resource, spec.mode(), inputs.versions(), otherOwners);
    if (!tracker.knows(id) && FirstCheckSpread.statusIsCurrent(resource)) {
      tracker.deferFirstCheck(
          id,
          verification,
          now,
          FirstCheckSpread.offset(resource.getMetadata().getUid(), spec.interval()));
    }
    if (!tracker.isDue(id, verification, now)) {
      return UpdateControl.<FlowsEncryptionKey>noUpdate()
          .rescheduleAfter(time.realDelay(tracker.untilDue(id, now)));
    }

    KeyOutcome provisioned = keys.provision(resource, spec.mode(), inputs);
    // Rotation: may write the key Secret (new pair, or dropping the previous one) first.
    RotationCoordinator.Prepared rotation =
        rotations.prepare(pass, spec.mode(), spec.rotation(), inputs, provisioned);
    KeyOutcome key = rotation.key();
    // Writing the key Secret is our own doing: it must not count as a change next time.
    verification =
        verificationInputs(
            resource,
            spec.mode(),
            inputs.versions().withKey(key.secretResourceVersion()),
            otherOwners);

    // Without a usable key or token no number can be checked: retried with backoff, and a fix
    // to either Secret triggers a pass at once.
    NumberRound.Result round = new NumberRound.Result(List.of());
    boolean checkedAll = false;
    if (key.ready() && inputs.token().isPresent()) {
      round =
          new NumberRound(
                  verifier,
                  numberWorkers,
                  spec.endpoint(),
                  inputs.token().get(),
                  key.key().get(),
                  spec.mode(),
                  rotation.mayRegister())
              .run(resource, otherOwners);
      checkedAll = !round.anyFailed();
    }

    RotationCoordinator.Report rotated = rotations.finish(pass, rotation, round.observations());
    FlowsEncryptionKeyStatus after =
        reporter.verified(
            pass,
            spec.mode(),
            key,
            inputs.tokenProblem(),
            round.observations(),
            spec.endpoint().version(),
            Optional.of(rotated));
    recordNumbers(resource, after, round, spec.interval(), now);
    recordResourceState(resource, after);
    // The rotation's next step (registerAfter over, previous key expired, schedule due) makes
    // the resource due at that moment.
    Duration until = untilDeadline(spec.interval(), rotated.deadline(), now);
    Duration next =
        checkedAll
            ? tracker.succeeded(id, verification, now, until)
            : tracker.failed(id, verification, now, until, round.retryAfter().orElse(null));
    LOG.debug("{} verified; next check in {}", id, next);
    return pass.finish(after, Optional.of(time.realDelay(next)));
  }

  /**
   * A failed Kubernetes call, the status write included (JOSDK retries it with backoff, without
   * limit): shown in Ready so that a missing permission is visible with kubectl, not only in the
   * operator's log. The schedule is forgotten, so the retry checks again and writes the status that
   * may not have been stored.
   */
  @Override
  public ErrorStatusUpdateControl<FlowsEncryptionKey> updateErrorStatus(
      FlowsEncryptionKey resource, Context<FlowsEncryptionKey> context, Exception e) {
    ResourceID id = ResourceID.fromResource(resource);
    LOG.warn("reconcile of {} failed: {}", id, KubernetesErrors.describe(e));
    tracker.forget(id);
    ReconcilePass pass = new ReconcilePass(resource, currentStatus(resource), time.now());
    FlowsEncryptionKeyStatus after =
        reporter.blocked(
            pass, new Problem(Reasons.KUBERNETES_API_ERROR, KubernetesErrors.describe(e)));
    if (after.equals(pass.before())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    resource.setStatus(after);
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  private static Optional<String> nameOf(java.util.stream.Stream<FlowsEncryptionKey> found) {
    return found.map(r -> r.getMetadata().getName()).findFirst();
  }

  /** The resources this operator reconciles that list one of {@code other}'s phone numbers. */
  private static Set<ResourceID> sharingANumber(
      FlowsEncryptionKey other, IndexedResourceCache<FlowsEncryptionKey> primaries) {
    return ClaimantLookup.phoneNumbersOf(other).stream()
        .flatMap(n -> primaries.byIndex(ClaimantLookup.PHONE_NUMBER_INDEX, n).stream())
        .map(ResourceID::fromResource)
        .filter(id -> !id.equals(ResourceID.fromResource(other)))
        .collect(Collectors.toSet());
  }

  /** Per number that another resource manages, how to refer to that resource. */
  private Map<String, String> conflicts(FlowsEncryptionKey resource, Mode mode) {
    Map<String, String> owners = new HashMap<>();
    for (String n : new LinkedHashSet<>(resource.getSpec().getPhoneNumberIds())) {
      PhoneNumberClaims.ownerOtherThan(resource, mode, n, claimants.claimants(n))
          .ifPresent(owner -> owners.put(n, PhoneNumberClaims.describeOwner(owner, resource)));
    }
    return Map.copyOf(owners);
  }

  private void recordNumbers(
      FlowsEncryptionKey resource,
      FlowsEncryptionKeyStatus status,
      NumberRound.Result round,
      Duration interval,
      Instant now) {
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    Set<String> checked =
        round.observations().stream()
            .filter(o -> o instanceof NumberObservation.Checked)
            .map(NumberObservation::id)
            .collect(Collectors.toSet());
    for (PhoneNumberStatus n : status.getPhoneNumbers()) {
      if (checked.contains(n.getId())) {
        metrics.numberChecked(
            ns,
            name,
            n.getId(),
            n.getSignatureStatus(),
            PhoneNumberStatusCalculator.validWithOurKey(n),
            interval,
            now);
      }
    }
    metrics.retainNumbers(ns, name, Set.copyOf(resource.getSpec().getPhoneNumberIds()));
  }

  private void recordResourceState(FlowsEncryptionKey resource, FlowsEncryptionKeyStatus status) {
    metrics.resourceState(
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        Conditions.isTrue(status.getConditions(), Conditions.READY),
        Conditions.isTrue(status.getConditions(), Conditions.STALLED));
  }

  private void forget(ResourceID id) {
    tracker.forget(id);
    keys.forget(id);
    rotations.forget(id);
    metrics.forgetResource(id.getNamespace().orElse(""), id.getName());
  }

  private static VerificationInputs verificationInputs(
      FlowsEncryptionKey r, Mode mode, SecretVersions versions, Map<String, String> otherOwners) {
    Long generation = r.getMetadata().getGeneration();
    return new VerificationInputs(
        generation == null ? 0 : generation,
        mode,
        versions,
        Annotations.get(r, Annotations.RECONCILE_REQUESTED_AT).orElse(""),
        Annotations.get(r, Annotations.ROTATE_REQUESTED_AT).orElse(""),
        otherOwners);
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

  private static FlowsEncryptionKeyStatus currentStatus(FlowsEncryptionKey r) {
    return r.getStatus() == null ? new FlowsEncryptionKeyStatus() : r.getStatus();
  }
}
