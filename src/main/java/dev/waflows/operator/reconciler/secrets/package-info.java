/**
 * The Secrets a resource names: read once per pass (key, passphrase, token), the key loaded or
 * generated and stored, and the Kubernetes Events that report on it. Secret values stay inside
 * their redacting wrappers.
 *
 * <p>May import: {@code api}, {@code endpoint}, {@code graph}, {@code keys}, {@code reconciler}.
 */
package dev.waflows.operator.reconciler.secrets;
