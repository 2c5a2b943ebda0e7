package dev.waflows.operator.reconciler.rotation;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.EventReasons;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.keys.KeyGenerationQueue;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.metrics.FlowsMetrics;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.Timestamps;
import dev.waflows.operator.reconciler.secrets.KeyEvents;
import dev.waflows.operator.reconciler.secrets.KeyOutcome;
import dev.waflows.operator.reconciler.secrets.KeyProvisioner;
import dev.waflows.operator.reconciler.secrets.SecretInputs;
import dev.waflows.operator.reconciler.secrets.SecretReader;
import dev.waflows.operator.reconciler.spec.RotationSettings;
import dev.waflows.operator.reconciler.verification.NumberObservation;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what {@link RotationPlanner} decides: the two writes to the key Secret (make a new
 * pair current keeping the old one; drop the old one), each with the resourceVersion just read so
 * that a write that loses a race fails with 409 and is planned again from a fresh read, never
 * repeated blind. The new key is registered by the pass's ordinary number round, and only the key
 * read back from the written Secret.
 *
 * <p>New pairs come from a {@link KeyGenerationQueue}: in a burst of rotations a pass does not hold
 * its reconcile thread while other resources' keys are made, so registrations of the keys already
 * written go on meanwhile.
 */
public class RotationCoordinator {

  /** Writes per pass; a lost race costs one more read and plan. */
  private static final int MAX_WRITES = 4;

  private static final Logger LOG = LoggerFactory.getLogger(RotationCoordinator.class);

  private final KubernetesClient client;
  private final KeyGenerationQueue<ResourceID> newPairs;
  private final KeyProvisioner keys;
  private final KeyEvents events;
  private final FlowsMetrics metrics;

  public RotationCoordinator(
      KubernetesClient client,
      KeyGenerationQueue<ResourceID> newPairs,
      KeyProvisioner keys,
      KeyEvents events,
      FlowsMetrics metrics) {
    this.client = client;
    this.newPairs = newPairs;
    this.keys = keys;
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * The key and the rotation step a pass works with, after the Secret write the step needed.
   *
   * @param state what the step was planned from; empty when there is no usable key to rotate
   */
  public record Prepared(KeyOutcome key, RotationStep step, Optional<RotationPlanner.State> state) {

    /** Whether the current key may be POSTed in this pass. */
    public boolean mayRegister() {
      return step.mayRegister();
    }

    /** Whether this pass is the rotation's registration of its new key (Graph must be asked). */
    public boolean registersNewKey() {
      return step instanceof RotationStep.Register;
    }
  }

  /** Whether the new pair a rotation of this resource waited for is made: its pass is due. */
  public boolean newPairReady(ResourceID id) {
    return newPairs.hasPairFor(id);
  }

  /** The resource is gone or no longer rotating: its place in the key queue goes too. */
  public void forget(ResourceID id) {
    newPairs.forget(id);
  }

  /** A paused resource answers a new rotate-requested-at with a refusal, nothing else. */
  public Optional<String> refusalWhilePaused(ReconcilePass pass) {
    return Annotations.get(pass.resource(), Annotations.ROTATE_REQUESTED_AT)
        .filter(r -> !r.equals(pass.before().getLastHandledRotateAt()))
        .map(
            r ->
                new RotationStep.Refuse(
                        r,
                        "the resource is paused (waflows.dev/paused): no Secret write until the"
                            + " annotation is removed; the rotation starts then")
                    .sentence());
  }

  /** Before the numbers are checked: refuses, starts or finishes a rotation as planned. */
  public Prepared prepare(
      ReconcilePass pass,
      Mode mode,
      RotationSettings settings,
      SecretInputs inputs,
      KeyOutcome key) {
    Optional<Secret> read = key.created().or(inputs::keySecret);
    if (!key.ready() || read.isEmpty()) {
      return new Prepared(key, new RotationStep.Idle(Optional.empty()), Optional.empty());
    }
    if (key.generatedNow()) {
      // Nothing to rotate yet; the plan only fills in the status (next rotation time).
      RotationPlanner.State state = state(pass, mode, settings, read.get(), key, false);
      return new Prepared(key, new RotationStep.Idle(Optional.empty()), Optional.of(state));
    }
    FlowsEncryptionKey resource = pass.resource();
    Secret secret = read.get();
    for (int writes = 0; ; writes++) {
      RotationPlanner.State state = state(pass, mode, settings, secret, key, false);
      RotationStep step = RotationPlanner.next(state);
      boolean writeStep =
          step instanceof RotationStep.Start || step instanceof RotationStep.DropPrevious;
      if (!writeStep || writes == MAX_WRITES) {
        return new Prepared(key, step, Optional.of(state));
      }
      Optional<Secret> written;
      if (step instanceof RotationStep.Start s) {
        Optional<KeyPair> pair = newPairs.take(ResourceID.fromResource(resource));
        if (pair.isEmpty()) {
          return new Prepared(key, new RotationStep.AwaitKey(s.trigger()), Optional.of(state));
        }
        written = start(pass, secret, s, inputs, pair.get());
      } else {
        written = dropPrevious(pass, secret, key);
      }
      Secret fresh = written.isPresent() ? written.get() : reread(secret);
      if (fresh == null) {
        // Deleted meanwhile: the next pass sees it missing.
        return new Prepared(key, new RotationStep.Idle(Optional.empty()), Optional.empty());
      }
      secret = fresh;
      key = keys.reload(resource, secret, inputs);
      if (!key.ready()) {
        return new Prepared(key, new RotationStep.Idle(Optional.empty()), Optional.empty());
      }
      if (written.isPresent()) {
        announceWrite(pass, step, key);
      }
    }
  }

  /** After the numbers were checked: what the status says about the rotation. */
  public Report finish(
      ReconcilePass pass, Prepared prepared, List<NumberObservation> observations) {
    boolean awaitingPair = prepared.step() instanceof RotationStep.AwaitKey;
    if (!awaitingPair) {
      // No pair is wanted (any more): a place in line or a made pair would only wait to be dropped.
      newPairs.forget(ResourceID.fromResource(pass.resource()));
    }
    if (prepared.state().isEmpty()) {
      return new Report(Optional.empty(), prepared.step(), Optional.empty(), pass.now());
    }
    RotationPlanner.State before = prepared.state().get();
    int numbers = new LinkedHashSet<>(pass.resource().getSpec().getPhoneNumberIds()).size();
    boolean everyCurrent =
        observations.size() == numbers
            && observations.stream()
                .allMatch(o -> o instanceof NumberObservation.Checked c && c.currentValid());
    RotationPlanner.State after = before.withEveryNumberHoldsCurrent(everyCurrent);
    // The planner would say Start again; the pass that takes the new pair starts it.
    RotationStep step = awaitingPair ? prepared.step() : RotationPlanner.next(after);
    Report report = new Report(Optional.of(after), step, prepared.key().key(), pass.now());
    announceProgress(pass, report);
    return report;
  }

  /**
   * What a pass learned about the rotation, for the status.
   *
   * @param state what the step was planned from, empty when the key was not usable
   */
  public record Report(
      Optional<RotationPlanner.State> state,
      RotationStep step,
      Optional<LoadedKey> key,
      Instant now) {

    /** For Reconciling=True reason Rotating: why the resource is rotating, if it is. */
    public Optional<String> rotating() {
      if (step instanceof RotationStep.WaitBeforeRegistering w) {
        return Optional.of(
            "a new key is in the key Secret; it is registered at "
                + ReconcilePass.timestamp(w.until())
                + " (registerAfter), numbers keep the previous key until then");
      }
      if (step instanceof RotationStep.Register) {
        return Optional.of("registering the new key for every phone number");
      }
      if (step instanceof RotationStep.AwaitKey) {
        return Optional.of(
            "waiting for the new key: the operator is generating keys for other resources first;"
                + " numbers keep the current key");
      }
      return Optional.empty();
    }

    /**
     * Whether this pass saw the new key registered and VALID for every number: the KeyRegistered
     * Event says so for the whole rotation.
     */
    public boolean registeredEverywhereNow() {
      return step instanceof RotationStep.Registered;
    }

    /** Why a rotation that was asked for is not done, if it is not. */
    public Optional<String> refusal() {
      return step instanceof RotationStep.Refuse r ? Optional.of(r.sentence()) : Optional.empty();
    }

    /** When the pass should run again for the rotation's sake, if it should. */
    public Optional<Instant> deadline() {
      if (step instanceof RotationStep.Start || step instanceof RotationStep.DropPrevious) {
        return Optional.of(now);
      }
      return step.deadline();
    }

    /** Writes the rotation fields; they change only when a rotation does (no heartbeats). */
    public void applyTo(FlowsEncryptionKeyStatus next) {
      if (state.isEmpty() || key.isEmpty()) {
        return;
      }
      RotationPlanner.State s = state.get();
      Optional<LoadedKey> previous = key.get().previous();
      next.setPreviousKeyFingerprint(previous.map(LoadedKey::fingerprint).orElse(null));
      String expires = null;
      if (previous.isPresent()) {
        expires =
            step instanceof RotationStep.Registered r
                ? roundedUp(r.previousExpires())
                : s.previousExpires().map(ReconcilePass::timestamp).orElse(null);
      }
      next.setPreviousKeyExpiresTime(expires);
      next.setLastRotationTime(
          s.secretTrigger().isPresent() ? ReconcilePass.timestamp(s.currentSince()) : null);
      // A key this resource may not rotate has no next rotation.
      next.setNextRotationTime(
          s.settings()
              .every()
              .filter(e -> s.refusal().isEmpty())
              .map(e -> ReconcilePass.timestamp(s.currentSince().plus(e)))
              .orElse(null));
      if (s.everyNumberHoldsCurrent()) {
        s.secretTrigger()
            .filter(t -> !Annotations.SCHEDULED_TRIGGER.equals(t))
            .ifPresent(next::setLastHandledRotateAt);
      }
    }
  }

  private RotationPlanner.State state(
      ReconcilePass pass,
      Mode mode,
      RotationSettings settings,
      Secret secret,
      KeyOutcome key,
      boolean everyCurrent) {
    FlowsEncryptionKeyStatus status = pass.before();
    return new RotationPlanner.State(
        refusal(mode, key, secret),
        currentSince(secret, pass.now()),
        Annotations.get(secret, Annotations.ROTATION_TRIGGER),
        key.key().flatMap(LoadedKey::previous).map(LoadedKey::fingerprint),
        recordedExpiry(status),
        Annotations.get(pass.resource(), Annotations.ROTATE_REQUESTED_AT),
        Optional.ofNullable(status.getLastHandledRotateAt()),
        everyCurrent,
        settings,
        pass.now());
  }

  /**
   * What the status says of the previous key's expiry. It is the status read at the start of the
   * pass even after this pass wrote the Secret: the planner counts it only for the previous key it
   * names, so a step never plans from an expiry that belongs to the Secret before the write.
   */
  private static Optional<RotationPlanner.RecordedExpiry> recordedExpiry(
      FlowsEncryptionKeyStatus status) {
    return Timestamps.parse(status.getPreviousKeyExpiresTime())
        .flatMap(
            t ->
                Optional.ofNullable(status.getPreviousKeyFingerprint())
                    .map(fp -> new RotationPlanner.RecordedExpiry(fp, t)));
  }

  private static Optional<String> refusal(Mode mode, KeyOutcome key, Secret secret) {
    if (key.source() != KeySource.Generated) {
      return Optional.of(
          "the key in Secret "
              + secret.getMetadata().getName()
              + " was not generated for this resource (keySource Loaded), so the operator never"
              + " changes it; rotate it by putting a new key in the Secret");
    }
    if (mode == Mode.Verify) {
      return Optional.of("Verify mode never changes the key");
    }
    return Optional.empty();
  }

  /** When the current pair became current: the Secret's annotation, else when it was created. */
  static Instant currentSince(Secret secret, Instant fallback) {
    return Annotations.get(secret, Annotations.KEY_CURRENT_SINCE)
        .flatMap(Timestamps::parse)
        .or(() -> Timestamps.parse(secret.getMetadata().getCreationTimestamp()))
        .orElse(fallback);
  }

  /** Second precision, rounded up: a wait measured from it is never cut short. */
  private static String roundedUp(Instant t) {
    Instant down = t.truncatedTo(ChronoUnit.SECONDS);
    return ReconcilePass.timestamp(down.equals(t) ? t : down.plusSeconds(1));
  }

  private Optional<Secret> start(
      ReconcilePass pass,
      Secret secret,
      RotationStep.Start step,
      SecretInputs inputs,
      KeyPair pair) {
    Map<String, byte[]> data;
    try {
      data =
          KeySecretWriter.rotate(
              SecretReader.decodedData(secret), pair, inputs.passphrase().orElse(null));
    } catch (IllegalArgumentException e) {
      // A generated Secret someone edited by hand: say so rather than guess (the failed pass
      // shows it in Ready and in a Warning Event).
      throw new IllegalStateException("cannot rotate: " + e.getMessage(), e);
    }
    return update(
        secret,
        data,
        Map.of(
            Annotations.KEY_CURRENT_SINCE, roundedUp(pass.now()),
            Annotations.ROTATION_TRIGGER, step.trigger()));
  }

  private Optional<Secret> dropPrevious(ReconcilePass pass, Secret secret, KeyOutcome key) {
    return update(
        secret, KeySecretWriter.withoutPrevious(SecretReader.decodedData(secret)), Map.of());
  }

  /** Replaces data and sets annotations, only if the Secret is still at the version read. */
  private Optional<Secret> update(
      Secret read, Map<String, byte[]> data, Map<String, String> annotations) {
    Map<String, String> encoded = new TreeMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
    Secret next =
        new SecretBuilder(read)
            .editMetadata()
            .addToAnnotations(annotations)
            .endMetadata()
            .withData(encoded)
            .withStringData(null)
            .build();
    String ns = read.getMetadata().getNamespace();
    try {
      return Optional.of(client.secrets().inNamespace(ns).resource(next).update());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        LOG.info(
            "key Secret {}/{} changed while rotating; planning again from a fresh read",
            ns,
            read.getMetadata().getName());
        return Optional.empty();
      }
      throw e;
    }
  }

  private Secret reread(Secret secret) {
    return client
        .secrets()
        .inNamespace(secret.getMetadata().getNamespace())
        .withName(secret.getMetadata().getName())
        .get();
  }

  private void announceWrite(ReconcilePass pass, RotationStep step, KeyOutcome key) {
    FlowsEncryptionKey r = pass.resource();
    String secretName = r.getSpec().getKeySecretRef().getName();
    String fingerprint = key.key().map(LoadedKey::fingerprint).orElse("");
    if (step instanceof RotationStep.Start s) {
      metrics.keyRotated();
      LOG.info(
          "rotated the key of {} ({}): new key {}",
          ResourceID.fromResource(r),
          s.trigger(),
          fingerprint);
      events.record(
          r,
          KeyEvents.NORMAL,
          EventReasons.ROTATION_STARTED,
          "new key "
              + fingerprint
              + " is current in Secret "
              + secretName
              + ", the old one kept as previous-*.pem (trigger: "
              + s.trigger()
              + "); it is registered after registerAfter");
    } else {
      LOG.info(
          "removed the previous key of {} from Secret {}", ResourceID.fromResource(r), secretName);
      events.record(
          r,
          KeyEvents.NORMAL,
          EventReasons.PREVIOUS_KEY_REMOVED,
          "removed the previous key from Secret " + secretName + " (keepPreviousFor has passed)");
    }
  }

  private void announceProgress(ReconcilePass pass, Report report) {
    FlowsEncryptionKey r = pass.resource();
    String ns = r.getMetadata().getNamespace();
    String name = r.getMetadata().getName();
    RotationPlanner.State s = report.state().orElseThrow();
    if (report.step() instanceof RotationStep.Registered reg) {
      metrics.rotationSettled(ns, name);
      events.record(
          r,
          KeyEvents.NORMAL,
          EventReasons.KEY_REGISTERED,
          "the new key "
              + report.key().map(LoadedKey::fingerprint).orElse("")
              + " is registered and VALID for every phone number; the previous key is removed at "
              + roundedUp(reg.previousExpires()));
    } else if (s.hasPrevious() && s.previousExpires().isEmpty()) {
      metrics.rotationInProgress(ns, name, s.currentSince());
    } else {
      metrics.rotationSettled(ns, name);
    }
  }
}
