/**
 * The next status from what a pass learned: conditions, progress, per-number entries, and the
 * Events that tell users what changed. The calculators are pure; the reporter records Events
 * through {@code secrets.KeyEvents}.
 *
 * <p>May import: {@code api}, {@code graph}, {@code keys}, {@code reconciler}, {@code
 * reconciler.endpoint}, {@code reconciler.rotation}, {@code reconciler.secrets}, {@code
 * reconciler.verification}.
 */
package dev.waflows.operator.reconciler.status;
