package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.Mode;

/**
 * What a verification depends on; when any of it changes, the numbers are checked again at once.
 *
 * @param secrets the resourceVersions of the Secrets the resource names
 * @param reconcileRequestedAt the reconcile-requested-at annotation ("" when absent)
 * @param rotateRequestedAt the rotate-requested-at annotation ("" when absent)
 */
record VerificationInputs(
    long generation,
    Mode mode,
    SecretVersions secrets,
    String reconcileRequestedAt,
    String rotateRequestedAt) {}
