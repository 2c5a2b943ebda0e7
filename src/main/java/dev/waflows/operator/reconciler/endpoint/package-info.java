/**
 * The endpoint probe on the reconciler's side: the rule that a key is registered only after the
 * endpoint opened a probe sealed to it ({@link
 * dev.waflows.operator.reconciler.endpoint.RegistrationGate}, pure), the check of {@code
 * spec.endpoint}, and per resource the last probe and the backoff while a key waits.
 *
 * <p>May import: {@code api}, {@code endpoint}, {@code keys}, {@code metrics}, {@code reconciler}.
 */
package dev.waflows.operator.reconciler.endpoint;
