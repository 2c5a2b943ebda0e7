package dev.waflows.operator.reconciler.verification;

import dev.waflows.operator.api.Mode;
import dev.waflows.operator.reconciler.secrets.SecretVersions;
import java.util.Map;

/**
 * What a verification depends on; when any of it changes, the numbers are checked again at once.
 *
 * @param secrets the resourceVersions of the Secrets the resource names
 * @param reconcileRequestedAt the reconcile-requested-at annotation ("" when absent)
 * @param rotateRequestedAt the rotate-requested-at annotation ("" when absent)
 * @param otherOwners per number that another resource manages, how to refer to it: when a holder
 *     goes or gives a number up, the resources waiting for it are checked at once
 */
public record VerificationInputs(
    long generation,
    Mode mode,
    SecretVersions secrets,
    String reconcileRequestedAt,
    String rotateRequestedAt,
    Map<String, String> otherOwners) {

  /** The same inputs with another rotate-requested-at. */
  public VerificationInputs withRotateRequestedAt(String value) {
    return new VerificationInputs(
        generation, mode, secrets, reconcileRequestedAt, value, otherOwners);
  }
}
