/**
 * What a resource's spec says, parsed and checked: modes, the verify interval, rotation settings,
 * the Graph endpoint. Pure: no Kubernetes client, no HTTP.
 *
 * <p>May import: {@code api}, {@code graph}.
 */
package dev.waflows.operator.reconciler.spec;
