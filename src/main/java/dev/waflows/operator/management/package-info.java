/**
 * HTTP serving with limits: {@link dev.waflows.operator.management.BoundedServer} (Jetty with a
 * bounded pool and queue, idle timeouts, graceful stop, optionally TLS), {@link
 * dev.waflows.operator.management.ManagementServer} ({@code /healthz}, {@code /readyz} and, plain,
 * {@code /metrics}), used by the operator and by the proxy, and {@link
 * dev.waflows.operator.management.SecureMetricsServer} ({@code /metrics} over HTTPS for tokens an
 * {@link dev.waflows.operator.management.AccessReviewer} allows, decisions remembered by {@link
 * dev.waflows.operator.management.AccessDecisions}). No Kubernetes in here: the reviewer that asks
 * the API server lives in {@code access}.
 */
package dev.waflows.operator.management;
