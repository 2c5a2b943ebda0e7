package dev.waflows.operator.reconciler.secrets;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.EventReasons;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.SecretDeletionPolicy;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.keys.Passphrase;
import dev.waflows.operator.keys.RsaKeyGenerator;
import dev.waflows.operator.reconciler.Problem;
import dev.waflows.operator.reconciler.ReconcilePass;
import dev.waflows.operator.reconciler.TimeSource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the key pair from the key Secret, or generates one and creates the Secret when it is
 * missing. Creates, never updates: a Secret that exists is only read, and a private key the
 * operator did not generate is never touched. The only change it makes to an existing Secret is to
 * the owner reference of a Secret it generated for this very resource, when secretDeletionPolicy
 * changes (rotation, the other change, lives in the rotation package).
 *
 * <p>Whose Secret it is follows {@link KeyOwnership}. A Secret generated for an earlier resource of
 * the same name whose uid no longer exists (deleted and applied again, a backup restored) is taken
 * over: its marks are rewritten with the resourceVersion read, and a Normal Event says so. Any
 * other Secret is a brought key (Loaded), and the KeyReady message says whose it is.
 */
public class KeyProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(KeyProvisioner.class);

  private final KubernetesClient client;
  private final RsaKeyGenerator generator;
  private final TimeSource time;
  private final KeyEvents events;
  private final KeyReads reads;
  private final Map<ResourceID, CachedOutcome> loaded = new ConcurrentHashMap<>();
  private final ClosedNamespaces closedNamespaces;

  public KeyProvisioner(KubernetesClient client, RsaKeyGenerator generator, TimeSource time) {
    this(client, generator, time, new KeyEvents(client, time), new KeyReads(time));
  }

  /**
   * @param reads shared by every resource, so a Secret version is decrypted once
   */
  public KeyProvisioner(
      KubernetesClient client,
      RsaKeyGenerator generator,
      TimeSource time,
      KeyEvents events,
      KeyReads reads) {
    this.reads = reads;
    this.client = client;
    this.generator = generator;
    this.time = time;
    this.events = events;
    this.closedNamespaces = new ClosedNamespaces(time);
  }

  /**
   * @param known the resources the caller's cache knows, asked first when the key Secret was
   *     generated for another resource (whether that one still exists); the API is asked when the
   *     cache does not know the uid
   */
  public KeyOutcome provision(
      FlowsEncryptionKey resource, Mode mode, SecretInputs inputs, ResourceDirectory known) {
    ResourceDirectory directory = ResourceDirectory.cachedThenLive(client, known);
    String secretName = resource.getSpec().getKeySecretRef().getName();
    if (inputs.passphraseProblem().isPresent()) {
      Problem p = inputs.passphraseProblem().get();
      return problem(p.reason(), p.message(), inputs);
    }
    Passphrase passphrase = inputs.passphrase().orElse(null);
    if (inputs.keySecret().isEmpty()) {
      if (broughtKeyWasLoaded(resource)) {
        return problem(
            Reasons.SECRET_NOT_FOUND,
            "the key Secret "
                + secretName
                + " was not found; its key was brought, not generated (keySource Loaded), so no"
                + " key is generated in its place: restore the Secret",
            inputs);
      }
      if (mode == Mode.Verify) {
        return problem(
            Reasons.SECRET_NOT_FOUND,
            "the key Secret " + secretName + " was not found; Verify mode never creates it",
            inputs);
      }
      KeyOutcome generated = generate(resource, passphrase, inputs);
      // The key just read back from the created Secret serves the next passes as well.
      loaded.put(
          ResourceID.fromResource(resource),
          new CachedOutcome(
              inputs.versions().withKey(generated.secretResourceVersion()),
              new KeyOwnership.Ours(),
              generated.afterwards()));
      return generated;
    }
    Secret secret = inputs.keySecret().get();
    SecretVersions versions = inputs.versions();
    KeyOwnership ownership = ownership(secret, resource, directory);
    if (ownership instanceof KeyOwnership.Orphaned o) {
      Optional<Secret> adopted = adopt(resource, secret, o.formerUid());
      if (adopted.isEmpty()) {
        // Deleted meanwhile: the next pass sees it missing.
        return problem(
            Reasons.SECRET_NOT_FOUND,
            "the key Secret " + secretName + " was not found in this namespace",
            inputs);
      }
      secret = adopted.get();
      versions = versions.withKey(secret.getMetadata().getResourceVersion());
      ownership = ownership(secret, resource, directory);
    }
    alignOwnership(resource, secret);
    // Decrypting a PBKDF2-protected key costs about half a second of CPU: do it once per
    // version of the Secrets, not on every verification.
    CachedOutcome cached = loaded.get(ResourceID.fromResource(resource));
    if (cached != null
        && cached.versions().equals(versions)
        && cached.ownership().equals(ownership)) {
      return cached.outcome();
    }
    KeyOutcome outcome = load(resource, secret, inputs, ownership, true);
    if (Reasons.KEY_READ_DEFERRED.equals(outcome.verdict().reason())) {
      return outcome;
    }
    CachedOutcome kept = new CachedOutcome(versions, ownership, outcome);
    loaded.put(ResourceID.fromResource(resource), kept);
    return kept.outcome();
  }

  /** For the rare paths that have no cache at hand: the Secret was just written or raced. */
  private ResourceDirectory liveOnly() {
    return ResourceDirectory.cachedThenLive(client, ResourceDirectory.NOTHING_CACHED);
  }

  private static KeyOwnership ownership(
      Secret secret, FlowsEncryptionKey resource, ResourceDirectory directory) {
    String ns = secret.getMetadata().getNamespace();
    return KeyOwnership.of(secret, resource, uid -> directory.nameOf(ns, uid));
  }

  /**
   * Takes over a Secret generated for an earlier resource of this name that no longer exists: the
   * marks name this resource, the old owner reference goes (its owner is gone), with the
   * resourceVersion read, so a write that loses a race is decided again from a fresh read.
   *
   * @return the Secret as stored afterwards; empty when it was deleted meanwhile
   */
  private Optional<Secret> adopt(FlowsEncryptionKey resource, Secret read, String formerUid) {
    String ns = read.getMetadata().getNamespace();
    String name = read.getMetadata().getName();
    String uid = resource.getMetadata().getUid();
    List<OwnerReference> refs = new ArrayList<>();
    if (read.getMetadata().getOwnerReferences() != null) {
      read.getMetadata().getOwnerReferences().stream()
          .filter(r -> !formerUid.equals(r.getUid()) && !uid.equals(r.getUid()))
          .forEach(refs::add);
    }
    refs.addAll(desiredOwnerReferences(resource));
    Secret next =
        new SecretBuilder(read)
            .editMetadata()
            .addToAnnotations(Annotations.GENERATED_FOR, uid)
            .addToAnnotations(Annotations.GENERATED_FOR_NAME, resource.getMetadata().getName())
            .withOwnerReferences(refs)
            .endMetadata()
            .build();
    Secret stored;
    try {
      stored = client.secrets().inNamespace(ns).resource(next).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 404) {
        throw e;
      }
      LOG.info("key Secret {}/{} changed while taking it over; deciding again", ns, name);
      return Optional.ofNullable(client.secrets().inNamespace(ns).withName(name).get());
    }
    LOG.info(
        "took over key Secret {}/{} for {}: it was generated for an earlier resource of this name",
        ns,
        name,
        ResourceID.fromResource(resource));
    events.record(
        resource,
        KeyEvents.NORMAL,
        EventReasons.KEY_ADOPTED,
        "the key Secret "
            + name
            + " was generated for an earlier FlowsEncryptionKey "
            + resource.getMetadata().getName()
            + " (uid "
            + formerUid
            + ") that no longer exists; this resource takes it over, so rotation and"
            + " secretDeletionPolicy apply to it again");
    return Optional.of(stored);
  }

  /**
   * Loads the key from {@code secret} as just written or read again by a rotation, and keeps it for
   * the next passes; what is registered is then exactly what the Secret holds.
   */
  public KeyOutcome reload(FlowsEncryptionKey resource, Secret secret, SecretInputs inputs) {
    KeyOwnership ownership = ownership(secret, resource, liveOnly());
    KeyOutcome outcome = load(resource, secret, inputs, ownership, false);
    CachedOutcome kept =
        new CachedOutcome(
            inputs.versions().withKey(secret.getMetadata().getResourceVersion()),
            ownership,
            outcome);
    loaded.put(ResourceID.fromResource(resource), kept);
    return kept.outcome();
  }

  /** Whether the status says this resource's key was brought and loaded before. */
  private static boolean broughtKeyWasLoaded(FlowsEncryptionKey resource) {
    return resource.getStatus() != null && resource.getStatus().getKeySource() == KeySource.Loaded;
  }

  /** Drops the cached key of a resource that is gone. */
  public void forget(ResourceID resource) {
    loaded.remove(resource);
  }

  /** What later passes reuse; they register and compare public keys only. */
  private record CachedOutcome(
      SecretVersions versions, KeyOwnership ownership, KeyOutcome outcome) {
    CachedOutcome {
      // No private key stays in memory between passes: 3 KiB a resource, and less exposure.
      outcome = outcome.withoutPrivateKey();
    }
  }

  /**
   * The key in {@code secret} for this resource, read through the shared {@link KeyReads}.
   *
   * @param budgeted false when the operator reads back its own write
   */
  private KeyOutcome load(
      FlowsEncryptionKey resource,
      Secret secret,
      SecretInputs inputs,
      KeyOwnership ownership,
      boolean budgeted) {
    KeySource source =
        ownership instanceof KeyOwnership.Ours ? KeySource.Generated : KeySource.Loaded;
    String name = secret.getMetadata().getName();
    String version = secret.getMetadata().getResourceVersion();
    KeyReads.Read read =
        reads.read(
            secret,
            passphraseVersion(resource, inputs.versions()),
            inputs.passphrase().orElse(null),
            budgeted);
    if (read instanceof KeyReads.Read.Deferred d) {
      return new KeyOutcome(
          Optional.empty(),
          source,
          false,
          new KeyVerdict(
              false,
              Reasons.KEY_READ_DEFERRED,
              "Secret "
                  + name
                  + " changed more often than its key is decrypted ("
                  + KeyReads.BURST
                  + " at once, then one per "
                  + KeyReads.REFILL.toSeconds()
                  + " s for each Secret); it is read again at "
                  + ReconcilePass.timestamp(d.until())
                  + " or later"),
          version);
    }
    if (read instanceof KeyReads.Read.Invalid invalid) {
      return new KeyOutcome(
          Optional.empty(),
          source,
          false,
          new KeyVerdict(false, Reasons.INVALID_KEY, "Secret " + name + ": " + invalid.message()),
          version);
    }
    LoadedKey key = ((KeyReads.Read.Key) read).key();
    // The same words on every pass: a status that does not change is not written.
    String message =
        (source == KeySource.Generated
                ? "the operator generated this key and stored it in Secret "
                : "key loaded from Secret ")
            + name
            + " ("
            + key.fingerprint()
            + (key.hasPrivateKey() ? ")" : "; public key only, the private key lives elsewhere)")
            + whose(ownership);
    return new KeyOutcome(
        Optional.of(key),
        source,
        false,
        new KeyVerdict(
            true, source == KeySource.Generated ? Reasons.GENERATED : Reasons.LOADED, message),
        version);
  }

  /** Which passphrase a key is read with: its Secret, entry and version, never its value. */
  private static String passphraseVersion(FlowsEncryptionKey resource, SecretVersions versions) {
    SecretKeySelector ref = resource.getSpec().getPassphraseSecretRef();
    return ref == null
        ? "-"
        : ref.getName()
            + "/"
            + ref.keyOr(SecretInputsReader.DEFAULT_PASSPHRASE_KEY)
            + "@"
            + versions.passphrase();
  }

  /** Why a Secret the operator generated is only read here: whose it is. */
  private static String whose(KeyOwnership ownership) {
    if (ownership instanceof KeyOwnership.HeldBy h) {
      return "; it was generated for FlowsEncryptionKey "
          + h.otherName()
          + ", which still exists and alone rotates or changes it; this resource only reads it";
    }
    if (ownership instanceof KeyOwnership.LeftBy l) {
      return "; it was generated for FlowsEncryptionKey "
          + l.formerName()
          + ", which no longer exists; only a resource of that name takes it over, so this one"
          + " only reads it and never rotates it";
    }
    return "";
  }

  private KeyOutcome generate(FlowsEncryptionKey resource, Passphrase passphrase, SecretInputs in) {
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getSpec().getKeySecretRef().getName();
    // Checked when this resource's turn to generate has come: behind up to 50 others, the
    // namespace may have closed meanwhile.
    Optional<KeyPair> wanted = generator.generateIf(() -> !closedNamespaces.isClosed(ns));
    if (wanted.isEmpty()) {
      return problem(
          Reasons.SECRET_NOT_FOUND,
          "the key Secret "
              + name
              + " was not found, and namespace "
              + ns
              + " is being deleted: no key is generated in it",
          in);
    }
    KeyPair pair = wanted.get();
    Map<String, String> files = KeySecretWriter.write(pair, passphrase);
    Map<String, String> data = new TreeMap<>();
    files.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .addToLabels(Annotations.MANAGED_BY_LABEL, Annotations.MANAGED_BY_VALUE)
            .addToAnnotations(Annotations.GENERATED_FOR, resource.getMetadata().getUid())
            .addToAnnotations(Annotations.GENERATED_FOR_NAME, resource.getMetadata().getName())
            .addToAnnotations(Annotations.KEY_CURRENT_SINCE, ReconcilePass.timestamp(time.now()))
            .withOwnerReferences(desiredOwnerReferences(resource))
            .endMetadata()
            .withType("Opaque")
            .withData(data)
            .build();
    Secret created;
    try {
      created = client.secrets().inNamespace(ns).resource(secret).create();
    } catch (KubernetesClientException e) {
      if (ClosedNamespaces.refusesNewObjects(e)) {
        closedNamespaces.remember(ns);
      }
      if (e.getCode() == 409) {
        // Someone created it between our read and our create: theirs stands, ours is dropped
        // before it was ever registered.
        LOG.info("key Secret {}/{} appeared while generating; loading it instead", ns, name);
        Secret existing = client.secrets().inNamespace(ns).withName(name).get();
        if (existing != null) {
          return load(resource, existing, in, ownership(existing, resource, liveOnly()), false);
        }
      }
      throw e;
    }
    LOG.info("generated a key pair and created Secret {}/{}", ns, name);
    // Read back what was stored, so what is registered is exactly what the Secret holds.
    KeyOutcome stored = load(resource, created, in, new KeyOwnership.Ours(), false);
    return new KeyOutcome(
        stored.key(),
        KeySource.Generated,
        true,
        stored.verdict(),
        created.getMetadata().getResourceVersion(),
        Optional.of(created));
  }

  /**
   * Keeps the owner reference of a Secret the operator generated in line with secretDeletionPolicy,
   * so Delete lets garbage collection remove it and Retain keeps it.
   */
  private void alignOwnership(FlowsEncryptionKey resource, Secret secret) {
    if (!isOurs(secret, resource)) {
      return;
    }
    String uid = resource.getMetadata().getUid();
    boolean marked = Annotations.get(secret, Annotations.GENERATED_FOR).isPresent();
    List<OwnerReference> refs =
        secret.getMetadata().getOwnerReferences() == null
            ? List.of()
            : secret.getMetadata().getOwnerReferences();
    boolean owned = refs.stream().anyMatch(r -> uid != null && uid.equals(r.getUid()));
    boolean wantOwned = deletionPolicy(resource) == SecretDeletionPolicy.Delete;
    if ((owned == wantOwned && marked) || uid == null) {
      return;
    }
    String ns = secret.getMetadata().getNamespace();
    String name = secret.getMetadata().getName();
    client
        .secrets()
        .inNamespace(ns)
        .withName(name)
        .edit(
            s -> {
              List<OwnerReference> kept =
                  s.getMetadata().getOwnerReferences() == null
                      ? new ArrayList<>()
                      : new ArrayList<>(s.getMetadata().getOwnerReferences());
              kept.removeIf(r -> uid.equals(r.getUid()));
              if (wantOwned) {
                kept.addAll(desiredOwnerReferences(resource));
              }
              s.getMetadata().setOwnerReferences(kept);
              // A Secret an earlier version generated gets the mark it lacked.
              if (s.getMetadata().getAnnotations() == null) {
                s.getMetadata().setAnnotations(new HashMap<>());
              }
              s.getMetadata().getAnnotations().putIfAbsent(Annotations.GENERATED_FOR, uid);
              s.getMetadata()
                  .getAnnotations()
                  .putIfAbsent(Annotations.GENERATED_FOR_NAME, resource.getMetadata().getName());
              return s;
            });
    LOG.info(
        "{} owner reference on generated Secret {}/{} (secretDeletionPolicy {})",
        wantOwned ? "added" : "removed",
        ns,
        name,
        deletionPolicy(resource));
  }

  private static List<OwnerReference> desiredOwnerReferences(FlowsEncryptionKey resource) {
    if (deletionPolicy(resource) != SecretDeletionPolicy.Delete) {
      return List.of();
    }
    return List.of(
        new OwnerReferenceBuilder()
            .withApiVersion(resource.getApiVersion())
            .withKind(resource.getKind())
            .withName(resource.getMetadata().getName())
            .withUid(resource.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(false)
            .build());
  }

  static SecretDeletionPolicy deletionPolicy(FlowsEncryptionKey resource) {
    SecretDeletionPolicy p = resource.getSpec().getSecretDeletionPolicy();
    return p == null ? SecretDeletionPolicy.Retain : p;
  }

  /**
   * Whether the operator generated {@code secret} for {@code resource}: see {@link KeyOwnership}.
   */
  static boolean isOurs(Secret secret, FlowsEncryptionKey resource) {
    return KeyOwnership.of(secret, resource, uid -> Optional.empty()) instanceof KeyOwnership.Ours;
  }

  private static KeyOutcome problem(String reason, String message, SecretInputs inputs) {
    return new KeyOutcome(
        Optional.empty(),
        KeySource.Loaded,
        false,
        new KeyVerdict(false, reason, message),
        SecretReader.resourceVersion(inputs.keySecret()));
  }
}
