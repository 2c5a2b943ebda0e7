/**
 * Key rotation: a pure planner from what is stored (Secret, status, time) to the next step, and the
 * coordinator that performs the step's Secret write with optimistic concurrency.
 *
 * <p>May import: {@code api}, {@code keys}, {@code metrics}, {@code reconciler}, {@code
 * reconciler.secrets}, {@code reconciler.spec}, {@code reconciler.verification}.
 */
package dev.waflows.operator.reconciler.rotation;
