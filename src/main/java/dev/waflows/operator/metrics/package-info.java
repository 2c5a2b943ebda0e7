/**
 * The operator's own Prometheus metrics: Micrometer meters for the fleet, and series per resource
 * made at scrape time from compact records. The reconciler records into them; only the wiring in
 * {@code ops} creates them.
 */
package dev.waflows.operator.metrics;
