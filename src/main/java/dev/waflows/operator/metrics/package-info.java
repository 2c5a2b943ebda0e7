/**
 * The operator's own Prometheus metrics (Micrometer). The reconciler records into them; only the
 * wiring in {@code ops} creates them.
 */
package dev.waflows.operator.metrics;
