/**
 * Which resource manages a phone number that several resources list, decided from what every
 * resource stores, so that all replicas and shards decide alike. Pure: no Kubernetes client, no
 * HTTP; {@link dev.waflows.operator.reconciler.claims.ClaimantLookup} is the only way in to other
 * resources.
 *
 * <p>May import: {@code api}, {@code reconciler}.
 */
package dev.waflows.operator.reconciler.claims;
