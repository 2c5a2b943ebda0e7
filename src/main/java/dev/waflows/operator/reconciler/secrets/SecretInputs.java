package dev.waflows.operator.reconciler.secrets;

import dev.waflows.operator.endpoint.AppSecret;
import dev.waflows.operator.graph.AccessToken;
import dev.waflows.operator.keys.Passphrase;
import dev.waflows.operator.reconciler.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/**
 * The Secrets a resource names, read once per pass. Values that are secret stay inside their
 * redacting wrappers; problems carry messages that name Secrets and keys, never their contents.
 *
 * @param versions the resourceVersions of every Secret read
 */
public record SecretInputs(
    Optional<Secret> keySecret,
    Optional<Passphrase> passphrase,
    Optional<Problem> passphraseProblem,
    Optional<AccessToken> token,
    Optional<Problem> tokenProblem,
    Optional<AppSecret> appSecret,
    Optional<Problem> appSecretProblem,
    SecretVersions versions) {

  /** Without spec.endpoint.appSecretRef. */
  public SecretInputs(
      Optional<Secret> keySecret,
      Optional<Passphrase> passphrase,
      Optional<Problem> passphraseProblem,
      Optional<AccessToken> token,
      Optional<Problem> tokenProblem,
      SecretVersions versions) {
    this(
        keySecret,
        passphrase,
        passphraseProblem,
        token,
        tokenProblem,
        Optional.empty(),
        Optional.empty(),
        versions);
  }
}
