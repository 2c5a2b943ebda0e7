/**
 * HTTP client for Meta's Graph API {@code whatsapp_business_encryption} edge, and nothing else: no
 * Kubernetes types in here.
 *
 * <p>The entry point is {@link dev.waflows.operator.graph.WhatsAppEncryptionApi}, implemented by
 * {@link dev.waflows.operator.graph.GraphClient}. Create one client per process and share it: its
 * {@code RequestBudget} (requests per second, concurrent requests, and the pause after a rate
 * limit) only protects the API if every caller goes through the same instance.
 */
package dev.waflows.operator.graph;
