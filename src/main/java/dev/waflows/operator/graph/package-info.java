/**
 * HTTP client for Meta's Graph API {@code whatsapp_business_encryption} edge, and nothing else: no
 * Kubernetes types in here.
 *
 * <p>The entry point is {@link dev.waflows.operator.graph.WhatsAppEncryptionApi}, implemented by
 * {@link dev.waflows.operator.graph.GraphClient}. Create one client per process and share it: its
 * request budgets (per access token: requests per second, at most an equal share of the process's
 * ceiling, concurrent requests and the pause after a rate limit; for the whole process: a ceiling
 * on requests per second) only protect the API, and share it fairly, if every caller goes through
 * the same instance. Its HTTP proxy, if any, is {@link dev.waflows.operator.graph.OutboundProxy}.
 */
package dev.waflows.operator.graph;
