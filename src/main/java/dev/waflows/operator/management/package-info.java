/**
 * HTTP serving with limits: {@link dev.waflows.operator.management.BoundedServer} (Jetty with a
 * bounded pool and queue, idle timeouts, graceful stop) and {@link
 * dev.waflows.operator.management.ManagementServer} ({@code /healthz}, {@code /readyz}, {@code
 * /metrics}), used by the operator and by the proxy. No Kubernetes in here.
 */
package dev.waflows.operator.management;
