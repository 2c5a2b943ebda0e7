package dev.waflows.operator.reconciler.controller;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.EventReasons;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.endpoint.EndpointUrls;
import dev.waflows.operator.graph.AllowedBaseUrls;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.keys.KeyGenerationQueue;
import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.reconciler.Problem;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.TimeSource;
import dev.waflows.operator.reconciler.claims.Claim;
import dev.waflows.operator.reconciler.claims.ClaimantLookup;
import dev.waflows.operator.reconciler.claims.PhoneNumberClaims;
import dev.waflows.operator.reconciler.endpoint.EndpointPass;
import dev.waflows.operator.reconciler.endpoint.EndpointProbing;
import dev.waflows.operator.reconciler.endpoint.EndpointSpecCheck;
import dev.waflows.operator.reconciler.endpoint.EndpointState;
import dev.waflows.operator.reconciler.endpoint.RegistrationGate;
import dev.waflows.operator.reconciler.rotation.RotationCoordinator;
import dev.waflows.operator.reconciler.secrets.KeyEvents;
import dev.waflows.operator.reconciler.secrets.KeyOutcome;
import dev.waflows.operator.reconciler.secrets.KeyProvisioner;
import dev.waflows.operator.reconciler.secrets.KeyReads;
import dev.waflows.operator.reconciler.secrets.ResourceDirectory;
import dev.waflows.operator.reconciler.secrets.SecretInputs;
import dev.waflows.operator.reconciler.secrets.SecretInputsReader;
import dev.waflows.operator.reconciler.secrets.SecretReader;
import dev.waflows.operator.reconciler.secrets.SecretVersions;
import dev.waflows.operator.reconciler.spec.RegisterAfterAdvice;
import dev.waflows.operator.reconciler.spec.SpecCheck;
import dev.waflows.operator.reconciler.status.PhoneNumberStatusCalculator;
import dev.waflows.operator.reconciler.status.SecretGrace;
import dev.waflows.operator.reconciler.status.StatusReporter;
import dev.waflows.operator.reconciler.verification.FirstCheckSpread;
import dev.waflows.operator.reconciler.verification.NumberObservation;
import dev.waflows.operator.reconciler.verification.NumberRound;
import dev.waflows.operator.reconciler.verification.NumberWorkers;
import dev.waflows.operator.reconciler.verification.PhoneNumberVerifier;
import dev.waflows.operator.reconciler.verification.RegistrationPolicy;
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
import java.util.stream.Stream;
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
    informer =
        @Informer(
            onUpdateFilter = SpecOrAnnotationsChanged.class,
            itemStore = CompactResourceStore.class,
            informerListLimit = FlowsEncryptionKeyReconciler.LIST_PAGE))
// Kubernetes API failures are retried without limit (2 s doubling to 5 min): a resource must
// never stall because a permission was missing for a while.
@GradualRetry(
    maxAttempts = -1,
    initialInterval = 2_000,
    intervalMultiplier = 2,
    maxInterval = 300_000)
public class FlowsEncryptionKeyReconciler implements Reconciler<FlowsEncryptionKey> {

  public static final String NAME = "flowsencryptionkey";

  /**
   * The informers list resources this many at a time (as client-go's informers do), not all at
   * once: at 10,000 resources a single answer and every object parsed from it (managedFields and
   * all) held the heap at its maximum in a restart's first minute (docs/benchmarks.md, round 6).
   */
  static final long LIST_PAGE = 500;

  /** The unfiltered cache of a shard, which serves the phone number claims. */
  private static final String ALL_RESOURCES = "all-flowsencryptionkeys";

  private static final Logger LOG = LoggerFactory.getLogger(FlowsEncryptionKeyReconciler.class);

  /**
   * A new pair made for a rotation waits this long for its resource's pass: never stored or
   * registered, it is then dropped, and the pass asks again.
   */
  private static final Duration UNTAKEN_KEY_PAIR_KEPT_FOR = Duration.ofMinutes(5);

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
  private final EndpointUrls endpointUrls;
  private final EndpointProbing endpoints;
  private final TimeSource time;
  private final OwnStatusWrites ownWrites = new OwnStatusWrites();
  private final ResourceMemory memory;
  private final NewKeyPairEvents newKeyPairs = new NewKeyPairEvents();

  public FlowsEncryptionKeyReconciler(ReconcilerContext context) {
    this.client = context.client();
    this.namespaces = context.namespaces();
    this.shardSelector = context.labelSelector();
    this.secretInputs = new SecretInputsReader(new SecretReader(client));
    KeyEvents events = new KeyEvents(client, context.time());
    this.keys =
        new KeyProvisioner(
            client, context.keyGenerator(), context.time(), events, new KeyReads(context.time()));
    this.verifier = new PhoneNumberVerifier(context.graph());
    this.metrics = context.metrics();
    this.rotations =
        new RotationCoordinator(
            client,
            new KeyGenerationQueue<>(
                context.keyGenerator(),
                context.keyGenerator().atOnce(),
                newKeyPairs::made,
                UNTAKEN_KEY_PAIR_KEPT_FOR,
                context.time()::now),
            keys,
            events,
            metrics);
    this.reporter = new StatusReporter(events, metrics::keyGenerated);
    this.defaultEndpoint = context.defaultEndpoint();
    this.allowedBaseUrls = context.allowedBaseUrls();
    this.endpointUrls = context.endpointUrls();
    this.endpoints = new EndpointProbing(context.endpointProber(), metrics);
    this.time = context.time();
    this.memory =
        new ResourceMemory(
            List.of(
                tracker::forget,
                keys::forget,
                endpoints::forget,
                ownWrites::forget,
                rotations::forget,
                id -> metrics.forgetResource(id.getNamespace().orElse(""), id.getName())));
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
    sources.add(new ForgetOnDelete(memory::forget, gone -> sharingANumber(gone, primaries)));
    sources.add(newKeyPairs);
    if (shardSelector.isPresent()) {
      // This shard caches only its own resources, but a phone number's claim is decided over all
      // of them: a second, unfiltered cache serves the claims, and a change there re-checks the
      // resources here that list the same numbers.
      InformerEventSource<FlowsEncryptionKey, FlowsEncryptionKey> everyone =
          new InformerEventSource<>(
              InformerEventSourceConfiguration.from(
                      FlowsEncryptionKey.class, FlowsEncryptionKey.class)
                  .withName(ALL_RESOURCES)
                  .withNamespacesInheritedFromController()
                  .withSecondaryToPrimaryMapper(peer -> sharingANumber(peer, primaries))
                  .withItemStore(new CompactResourceStore())
                  .withInformerListLimit(LIST_PAGE)
                  .build(),
              context);
      everyone.addIndexers(
          Map.of(ClaimantLookup.PHONE_NUMBER_INDEX, ClaimantLookup::phoneNumbersOf));
      sources.add(everyone);
    }
    return sources;
  }

  @Override
  public UpdateControl<FlowsEncryptionKey> reconcile(
      FlowsEncryptionKey resource, Context<FlowsEncryptionKey> context) {
    Instant now = time.now();
    ResourceID id = ResourceID.fromResource(resource);
    if (ownWrites.behind(id, resource.getMetadata().getResourceVersion())) {
      return UpdateControl.<FlowsEncryptionKey>noUpdate()
          .rescheduleAfter(OwnStatusWrites.RETRY_AFTER);
    }
    ReconcilePass pass = new ReconcilePass(resource, currentStatus(resource), now);
    memory.remember(id);
    memory.sweep(now, known -> context.getPrimaryCache().get(known).isPresent());

    if (Annotations.isPaused(resource)) {
      memory.forget(id);
      return finish(
          pass, reporter.paused(pass, rotations.refusalWhilePaused(pass)), Optional.empty());
    }

    SpecCheck.Result checked =
        SpecCheck.check(resource.getSpec(), defaultEndpoint, allowedBaseUrls);
    EndpointSpecCheck.Result endpointChecked =
        EndpointSpecCheck.check(
            resource.getSpec() == null ? null : resource.getSpec().getEndpoint(),
            resource.getMetadata().getNamespace(),
            endpointUrls);
    if (checked.spec().isEmpty() || !endpointChecked.problems().isEmpty()) {
      memory.forget(id);
      List<String> problems = new ArrayList<>(checked.problems());
      problems.addAll(endpointChecked.problems());
      FlowsEncryptionKeyStatus after =
          reporter.blocked(pass, new Problem(Reasons.INVALID_SPEC, String.join("; ", problems)));
      recordResourceState(resource, after);
      return finish(pass, after, Optional.empty());
    }
    SpecCheck.EffectiveSpec spec = checked.spec().get();
    SecretInputs inputs = secretInputs.read(resource);
    EndpointPass endpoint =
        EndpointPass.of(
            endpoints, id, endpointChecked.url(), inputs.appSecret(), inputs.appSecretProblem());
    Map<String, String> otherOwners = conflicts(resource, spec.mode(), claimants(context));
    VerificationInputs verification =
        verificationInputs(resource, spec.mode(), inputs.versions(), otherOwners);
    if (!tracker.knows(id) && FirstCheckSpread.statusIsCurrent(resource, inputs.keySecret())) {
      tracker.deferFirstCheck(
          id,
          verification,
          now,
          FirstCheckSpread.offset(resource.getMetadata().getUid(), spec.interval()));
      recordStored(resource, spec.interval());
    }
    // A key waiting for the endpoint is probed between checks, without any Graph call; once the
    // endpoint opens it, the pass runs now and registers it.
    boolean waitingKeyOpened = endpoint.waitingKeyOpened(now);
    // Likewise a rotation whose new pair the key queue has made.
    if (!tracker.isDue(id, verification, now) && !waitingKeyOpened && !rotations.newPairReady(id)) {
      return UpdateControl.<FlowsEncryptionKey>noUpdate()
          .rescheduleAfter(time.realDelay(endpoint.nextWake(tracker.untilDue(id, now), now)));
    }

    // Asked before the rotation's own Secret write changes the inputs.
    boolean checkDue = tracker.needsCheck(id, verification, now) || waitingKeyOpened;

    KeyOutcome provisioned =
        keys.provision(resource, spec.mode(), inputs, cachedResources(context));
    // Rotation: may write the key Secret (new pair, or dropping the previous one) first.
    // With an endpoint, the gate (the endpoint opened the new key) replaces registerAfter.
    RotationCoordinator.Prepared rotation =
        rotations.prepare(
            pass,
            spec.mode(),
            endpoint.isSet() ? spec.rotation().withoutRegisterDelay() : spec.rotation(),
            inputs,
            provisioned);
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
    Optional<RegistrationGate.Probe> probe = endpoint.probeCurrent(key.key(), now);
    Optional<Problem> blocker = inputs.tokenProblem().or(endpoint::problem);
    NumberRound.Result round = new NumberRound.Result(List.of());
    boolean checkedAll = false;
    // A pass that only moves a rotation on (the new pair written and waiting for registerAfter,
    // the old pair dropped) asks Graph nothing: Graph holds what the last check saw.
    boolean askGraph = checkDue || rotation.registersNewKey();
    if (askGraph && key.ready() && inputs.token().isPresent() && endpoint.problem().isEmpty()) {
      RegistrationPolicy policy =
          RegistrationPolicy.forPass(
              pass,
              spec.mode(),
              rotation.mayRegister(),
              endpoint.isSet(),
              key.key().get(),
              probe,
              spec.interval());
      round =
          new NumberRound(
                  verifier,
                  numberWorkers,
                  spec.endpoint(),
                  inputs.token().get(),
                  key.key().get(),
                  policy)
              .run(resource, otherOwners);
      checkedAll = !round.anyFailed();
    }
    Optional<EndpointState> endpointState =
        endpoint.afterRound(key.key(), round.waitingForEndpoint(), now);

    RotationCoordinator.Report rotated = rotations.finish(pass, rotation, round.observations());
    FlowsEncryptionKeyStatus after =
        reporter.verified(
            pass,
            spec.mode(),
            key,
            blocker,
            round.observations(),
            spec.endpoint().version(),
            Optional.of(rotated),
            endpointState);
    RegisterAfterAdvice.of(spec.rotation(), endpointSet(resource))
        .ifPresent(a -> reporter.advise(pass, after, EventReasons.SHORT_REGISTER_AFTER, a));
    recordNumbers(resource, after, round, spec.interval(), now);
    recordResourceState(resource, after);
    // The rotation's next step (registerAfter over, previous key expired, schedule due), or the
    // end of the wait for a missing Secret, makes the resource due at that moment.
    Duration until =
        untilDeadline(
            spec.interval(), earliest(rotated.deadline(), SecretGrace.awaitedUntil(after)), now);
    Duration next =
        !askGraph && key.ready()
            ? tracker.skippedCheck(id, verification, now, until)
            : checkedAll
                ? tracker.succeeded(id, verification, now, spec.interval(), until)
                : tracker.failed(id, verification, now, until, round.retryAfter().orElse(null));
    endpointState.ifPresent(
        e ->
            metrics.endpointReady(
                resource.getMetadata().getNamespace(),
                resource.getMetadata().getName(),
                e.opened()));
    LOG.debug("{} verified; next check in {}", id, next);
    return finish(pass, after, Optional.of(time.realDelay(endpoint.nextPass(next))));
  }

  /** Ends a pass; a status write it asks for is remembered until the cache shows it. */
  private UpdateControl<FlowsEncryptionKey> finish(
      ReconcilePass pass, FlowsEncryptionKeyStatus after, Optional<Duration> rescheduleAfter) {
    UpdateControl<FlowsEncryptionKey> control = pass.finish(after, rescheduleAfter);
    if (control.isPatchStatus()) {
      FlowsEncryptionKey read = pass.resource();
      ownWrites.writing(ResourceID.fromResource(read), read.getMetadata().getResourceVersion());
    }
    return control;
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
    memory.forget(id);
    ReconcilePass pass = new ReconcilePass(resource, currentStatus(resource), time.now());
    FlowsEncryptionKeyStatus after =
        reporter.blocked(
            pass, new Problem(Reasons.KUBERNETES_API_ERROR, KubernetesErrors.describe(e)));
    if (after.equals(pass.before())) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    resource.setStatus(after);
    ownWrites.writing(id, resource.getMetadata().getResourceVersion());
    return ErrorStatusUpdateControl.patchStatus(resource);
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

  /**
   * Every resource that lists a number: the primary cache, or in a shard the unfiltered cache that
   * serves the claims.
   */
  private ClaimantLookup claimants(Context<FlowsEncryptionKey> context) {
    if (shardSelector.isEmpty()) {
      return number -> context.getPrimaryCache().byIndex(ClaimantLookup.PHONE_NUMBER_INDEX, number);
    }
    var everyone =
        (InformerEventSource<FlowsEncryptionKey, FlowsEncryptionKey>)
            context
                .eventSourceRetriever()
                .<FlowsEncryptionKey>getEventSourceFor(FlowsEncryptionKey.class, ALL_RESOURCES);
    return number -> everyone.byIndex(ClaimantLookup.PHONE_NUMBER_INDEX, number);
  }

  /** Per number that another resource manages, how to refer to that resource. */
  private Map<String, String> conflicts(
      FlowsEncryptionKey resource, Mode mode, ClaimantLookup claimants) {
    Map<String, String> owners = new HashMap<>();
    Claim self = Claim.of(resource);
    for (String n : new LinkedHashSet<>(resource.getSpec().getPhoneNumberIds())) {
      List<Claim> others = claimants.claimants(n).stream().map(Claim::of).toList();
      PhoneNumberClaims.ownerOtherThan(self, mode, n, others)
          .ifPresent(owner -> owners.put(n, PhoneNumberClaims.describeOwner(owner, self)));
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

  /**
   * After a start, a resource whose first check is spread over its interval publishes what its
   * stored status says at once: dashboards and alerts must not lose it for up to an interval.
   */
  private void recordStored(FlowsEncryptionKey resource, Duration interval) {
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    Set<String> listed = Set.copyOf(resource.getSpec().getPhoneNumberIds());
    for (PhoneNumberStatus n : resource.getStatus().getPhoneNumbers()) {
      if (listed.contains(n.getId())) {
        metrics.numberKnown(
            ns,
            name,
            n.getId(),
            n.getSignatureStatus(),
            PhoneNumberStatusCalculator.validWithOurKey(n),
            interval);
      }
    }
    recordResourceState(resource, resource.getStatus());
  }

  private void recordResourceState(FlowsEncryptionKey resource, FlowsEncryptionKeyStatus status) {
    metrics.resourceState(
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        Conditions.isTrue(status.getConditions(), Conditions.READY),
        Conditions.isTrue(status.getConditions(), Conditions.STALLED));
  }

  /**
   * The resources of the primary cache by uid: asked when a key Secret was generated for another
   * resource, whether that one still exists (the API is asked only when the cache does not know).
   */
  private static ResourceDirectory cachedResources(Context<FlowsEncryptionKey> context) {
    return (namespace, uid) ->
        context
            .getPrimaryCache()
            .list(namespace)
            .filter(r -> uid.equals(r.getMetadata().getUid()))
            .map(r -> r.getMetadata().getName())
            .findFirst();
  }

  /** Whether spec.endpoint is set: a new key is then registered once the endpoint opened it. */
  private static boolean endpointSet(FlowsEncryptionKey resource) {
    return resource.getSpec().getEndpoint() != null;
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

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    return Stream.of(a, b).flatMap(Optional::stream).min(Instant::compareTo);
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
