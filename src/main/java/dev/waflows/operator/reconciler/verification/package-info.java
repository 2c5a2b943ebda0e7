/**
 * Checking each phone number against Graph: a round over the numbers, the shared workers that run
 * it, when each resource is next due, and how the first checks after a restart are spread.
 *
 * <p>May import: {@code api}, {@code graph}, {@code keys}, {@code reconciler}, {@code
 * reconciler.contested}, {@code reconciler.endpoint}, {@code reconciler.secrets}.
 */
package dev.waflows.operator.reconciler.verification;
