package dev.waflows.operator.reconciler;

import dev.waflows.operator.graph.AccessToken;
import dev.waflows.operator.keys.Passphrase;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/**
 * The Secrets a resource names, read once per pass. Values that are secret stay inside their
 * redacting wrappers; problems carry messages that name Secrets and keys, never their contents.
 *
 * @param versions the resourceVersions of every Secret read
 */
record SecretInputs(
    Optional<Secret> keySecret,
    Optional<Passphrase> passphrase,
    Optional<Assessment.Problem> passphraseProblem,
    Optional<AccessToken> token,
    Optional<Assessment.Problem> tokenProblem,
    SecretVersions versions) {}
