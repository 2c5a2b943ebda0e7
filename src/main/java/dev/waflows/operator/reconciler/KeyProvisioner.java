package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.KeySource;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.SecretDeletionPolicy;
import dev.waflows.operator.keys.InvalidKeyException;
import dev.waflows.operator.keys.KeySecretReader;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.keys.Passphrase;
import dev.waflows.operator.keys.RsaKeyGenerator;
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
 * the owner reference of a Secret it generated, when secretDeletionPolicy changes.
 */
class KeyProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(KeyProvisioner.class);

  private final KubernetesClient client;
  private final RsaKeyGenerator generator;
  private final Map<ResourceID, CachedOutcome> loaded = new ConcurrentHashMap<>();

  KeyProvisioner(KubernetesClient client, RsaKeyGenerator generator) {
    this.client = client;
    this.generator = generator;
  }

  KeyOutcome provision(FlowsEncryptionKey resource, Mode mode, SecretInputs inputs) {
    String secretName = resource.getSpec().getKeySecretRef().getName();
    if (inputs.passphraseProblem().isPresent()) {
      Assessment.Problem p = inputs.passphraseProblem().get();
      return problem(p.reason(), p.message(), inputs);
    }
    Passphrase passphrase = inputs.passphrase().orElse(null);
    if (inputs.keySecret().isEmpty()) {
      if (mode == Mode.Verify) {
        return problem(
            Reasons.SECRET_NOT_FOUND,
            "the key Secret " + secretName + " was not found; Verify mode never creates it",
            inputs);
      }
      KeyOutcome generated = generate(resource, passphrase, inputs);
      // The key just read back from the created Secret serves the next passes as well.
      remember(
          resource,
          inputs.versions().withKey(generated.secretResourceVersion()),
          generated.afterwards());
      return generated;
    }
    Secret secret = inputs.keySecret().get();
    alignOwnership(resource, secret);
    // Decrypting a PBKDF2-protected key costs about half a second of CPU: do it once per
    // version of the Secrets, not on every verification.
    SecretVersions versions = inputs.versions();
    CachedOutcome cached = loaded.get(ResourceID.fromResource(resource));
    if (cached != null && cached.versions().equals(versions)) {
      return cached.outcome();
    }
    KeyOutcome outcome = load(secret, passphrase);
    remember(resource, versions, outcome);
    return outcome;
  }

  private void remember(FlowsEncryptionKey resource, SecretVersions versions, KeyOutcome outcome) {
    loaded.put(ResourceID.fromResource(resource), new CachedOutcome(versions, outcome));
  }

  /** Drops the cached key of a resource that is gone. */
  void forget(ResourceID resource) {
    loaded.remove(resource);
  }

  private record CachedOutcome(SecretVersions versions, KeyOutcome outcome) {}

  private KeyOutcome load(Secret secret, Passphrase passphrase) {
    KeySource source = isOurs(secret) ? KeySource.Generated : KeySource.Loaded;
    String name = secret.getMetadata().getName();
    try {
      LoadedKey key = KeySecretReader.read(SecretReader.decodedData(secret), passphrase);
      // The same words on every pass: a status that does not change is not written.
      String message =
          (source == KeySource.Generated
                  ? "the operator generated this key and stored it in Secret "
                  : "key loaded from Secret ")
              + name
              + " ("
              + key.fingerprint()
              + (key.hasPrivateKey() ? ")" : "; public key only, the private key lives elsewhere)");
      return new KeyOutcome(
          Optional.of(key),
          source,
          false,
          new Assessment.KeyVerdict(
              true, source == KeySource.Generated ? Reasons.GENERATED : Reasons.LOADED, message),
          secret.getMetadata().getResourceVersion());
    } catch (InvalidKeyException e) {
      return new KeyOutcome(
          Optional.empty(),
          source,
          false,
          new Assessment.KeyVerdict(
              false, Reasons.INVALID_KEY, "Secret " + name + ": " + e.getMessage()),
          secret.getMetadata().getResourceVersion());
    }
  }

  private KeyOutcome generate(FlowsEncryptionKey resource, Passphrase passphrase, SecretInputs in) {
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getSpec().getKeySecretRef().getName();
    KeyPair pair = generator.generate();
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
            .withOwnerReferences(desiredOwnerReferences(resource))
            .endMetadata()
            .withType("Opaque")
            .withData(data)
            .build();
    Secret created;
    try {
      created = client.secrets().inNamespace(ns).resource(secret).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        // Someone created it between our read and our create: theirs stands, ours is dropped
        // before it was ever registered.
        LOG.info("key Secret {}/{} appeared while generating; loading it instead", ns, name);
        Secret existing = client.secrets().inNamespace(ns).withName(name).get();
        if (existing != null) {
          return load(existing, passphrase);
        }
      }
      throw e;
    }
    LOG.info("generated a key pair and created Secret {}/{}", ns, name);
    // Read back what was stored, so what is registered is exactly what the Secret holds.
    KeyOutcome stored = load(created, passphrase);
    return new KeyOutcome(
        stored.key(),
        KeySource.Generated,
        true,
        stored.verdict(),
        created.getMetadata().getResourceVersion());
  }

  /**
   * Keeps the owner reference of a Secret the operator generated in line with secretDeletionPolicy,
   * so Delete lets garbage collection remove it and Retain keeps it.
   */
  private void alignOwnership(FlowsEncryptionKey resource, Secret secret) {
    if (!isOurs(secret)) {
      return;
    }
    String uid = resource.getMetadata().getUid();
    List<OwnerReference> refs =
        secret.getMetadata().getOwnerReferences() == null
            ? List.of()
            : secret.getMetadata().getOwnerReferences();
    boolean owned = refs.stream().anyMatch(r -> uid != null && uid.equals(r.getUid()));
    boolean wantOwned = deletionPolicy(resource) == SecretDeletionPolicy.Delete;
    if (owned == wantOwned || uid == null) {
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

  static boolean isOurs(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels != null
        && Annotations.MANAGED_BY_VALUE.equals(labels.get(Annotations.MANAGED_BY_LABEL));
  }

  private static KeyOutcome problem(String reason, String message, SecretInputs inputs) {
    return new KeyOutcome(
        Optional.empty(),
        KeySource.Loaded,
        false,
        new Assessment.KeyVerdict(false, reason, message),
        SecretReader.resourceVersion(inputs.keySecret()));
  }
}
