package dev.waflows.operator.reconciler.secrets;

import dev.waflows.operator.api.EndpointSpec;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.endpoint.AppSecret;
import dev.waflows.operator.graph.AccessToken;
import dev.waflows.operator.keys.Passphrase;
import dev.waflows.operator.reconciler.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Gathers the key, passphrase, token and app secret Secrets of one resource. */
public class SecretInputsReader {

  static final String DEFAULT_PASSPHRASE_KEY = "passphrase";
  static final String DEFAULT_TOKEN_KEY = "token";
  private static final String OPAQUE = "Opaque";

  private final SecretReader secrets;

  public SecretInputsReader(SecretReader secrets) {
    this.secrets = secrets;
  }

  public SecretInputs read(FlowsEncryptionKey resource) {
    String ns = resource.getMetadata().getNamespace();
    FlowsEncryptionKeySpec spec = resource.getSpec();

    Optional<Secret> keySecret = secrets.get(ns, spec.getKeySecretRef().getName());

    Optional<Passphrase> passphrase = Optional.empty();
    Optional<Problem> passphraseProblem = Optional.empty();
    Optional<Secret> passphraseSecret = Optional.empty();
    SecretKeySelector passphraseRef = spec.getPassphraseSecretRef();
    if (passphraseRef != null) {
      passphraseSecret = secrets.get(ns, passphraseRef.getName());
      // Opaque only, like the token: no other credential (a ServiceAccount token, a TLS key) is
      // used to seal a key, nor probed by trying it.
      Lookup l =
          lookupOpaque(
              passphraseSecret,
              passphraseRef,
              DEFAULT_PASSPHRASE_KEY,
              "passphrase",
              "; only an Opaque Secret is read as a passphrase");
      passphraseProblem = l.problem();
      if (l.value().isPresent()) {
        try {
          passphrase = Optional.of(Passphrase.of(l.value().get()));
        } catch (IllegalArgumentException e) {
          // Empty or not UTF-8: the message describes the value's shape, never the value.
          passphraseProblem =
              Optional.of(
                  new Problem(
                      Reasons.INVALID_KEY,
                      "the passphrase in Secret "
                          + passphraseRef.getName()
                          + ": "
                          + e.getMessage()));
        }
      }
    }

    SecretKeySelector tokenRef = spec.getAccessTokenSecretRef();
    Optional<Secret> tokenSecret = secrets.get(ns, tokenRef.getName());
    Lookup t =
        lookupOpaque(
            tokenSecret,
            tokenRef,
            DEFAULT_TOKEN_KEY,
            "access token",
            "; only an Opaque Secret is read as a Graph API token, so that no other"
                + " credential (a ServiceAccount token above all) can be sent to Graph");
    Optional<AccessToken> token = Optional.empty();
    Optional<Problem> tokenProblem = t.problem();
    if (t.value().isPresent()) {
      try {
        token = Optional.of(AccessToken.of(new String(t.value().get(), StandardCharsets.UTF_8)));
      } catch (IllegalArgumentException e) {
        // The message describes the token's shape, never its value.
        tokenProblem =
            Optional.of(
                new Problem(
                    Reasons.INVALID_TOKEN,
                    "Secret "
                        + tokenRef.getName()
                        + " key "
                        + tokenRef.keyOr(DEFAULT_TOKEN_KEY)
                        + ": "
                        + e.getMessage()));
      }
    }

    Optional<AppSecret> appSecret = Optional.empty();
    Optional<Problem> appSecretProblem = Optional.empty();
    Optional<Secret> appSecretSecret = Optional.empty();
    SecretKeySelector appSecretRef =
        spec.getEndpoint() == null ? null : spec.getEndpoint().getAppSecretRef();
    if (appSecretRef != null) {
      appSecretSecret = secrets.get(ns, appSecretRef.getName());
      Lookup a =
          lookupOpaque(
              appSecretSecret,
              appSecretRef,
              EndpointSpec.DEFAULT_APP_SECRET_KEY,
              "app secret",
              "; only an Opaque Secret is read as the Meta app secret");
      appSecretProblem = a.problem();
      if (a.value().isPresent()) {
        try {
          appSecret = Optional.of(AppSecret.of(a.value().get()));
        } catch (IllegalArgumentException e) {
          appSecretProblem =
              Optional.of(
                  new Problem(
                      Reasons.INVALID_SPEC,
                      "the app secret in Secret "
                          + appSecretRef.getName()
                          + ": "
                          + e.getMessage()));
        }
      }
    }

    return new SecretInputs(
        keySecret,
        passphrase,
        passphraseProblem,
        token,
        tokenProblem,
        appSecret,
        appSecretProblem,
        new SecretVersions(
            SecretReader.resourceVersion(keySecret),
            SecretReader.resourceVersion(passphraseSecret),
            SecretReader.resourceVersion(tokenSecret),
            SecretReader.resourceVersion(appSecretSecret)));
  }

  /** As {@link #lookup}, refusing (InvalidSpec) a Secret of another type than Opaque. */
  private static Lookup lookupOpaque(
      Optional<Secret> secret,
      SecretKeySelector ref,
      String defaultKey,
      String what,
      String whyOpaque) {
    if (secret.filter(s -> !isOpaque(s)).isPresent()) {
      return Lookup.refused(
          Reasons.INVALID_SPEC,
          "the "
              + what
              + " Secret "
              + ref.getName()
              + " is of type "
              + secret.get().getType()
              + whyOpaque);
    }
    return lookup(secret, ref, defaultKey, what);
  }

  /** Names only the Secret and the entry the spec names, never the entries the Secret has. */
  private static Lookup lookup(
      Optional<Secret> secret, SecretKeySelector ref, String defaultKey, String what) {
    String key = ref.keyOr(defaultKey);
    if (secret.isEmpty()) {
      return Lookup.problem(
          "the " + what + " Secret " + ref.getName() + " was not found in this namespace");
    }
    Map<String, byte[]> data = SecretReader.decodedData(secret.get());
    byte[] value = data.get(key);
    if (value == null) {
      return Lookup.problem("the " + what + " Secret " + ref.getName() + " has no key " + key);
    }
    return new Lookup(Optional.of(value), Optional.empty());
  }

  /** Secrets without a type are Opaque to the API server; only a mock leaves it unset. */
  private static boolean isOpaque(Secret secret) {
    return secret.getType() == null || OPAQUE.equals(secret.getType());
  }

  private record Lookup(Optional<byte[]> value, Optional<Problem> problem) {
    static Lookup problem(String message) {
      return refused(Reasons.SECRET_NOT_FOUND, message);
    }

    static Lookup refused(String reason, String message) {
      return new Lookup(Optional.empty(), Optional.of(new Problem(reason, message)));
    }
  }
}
