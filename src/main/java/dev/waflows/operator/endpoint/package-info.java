/**
 * The endpoint probe's HTTP side: which endpoint URLs may be probed ({@link
 * dev.waflows.operator.endpoint.EndpointUrls}), and the prober that seals a Flows ping with the
 * {@code flows} package, POSTs it and classifies the answer. No Kubernetes types in here.
 */
package dev.waflows.operator.endpoint;
