/**
 * flows-key-operator: keeps WhatsApp Flows RSA keys in Kubernetes Secrets and registered with
 * Meta's Graph API. Packages by role: {@code api} (the custom resource), {@code keys} (crypto
 * only), {@code graph} (HTTP client of Graph only), {@code flows} (the Flows endpoint wire format),
 * {@code endpoint} (probing a Flows endpoint over HTTP), {@code proxy} (the Flows endpoint proxy),
 * {@code management} (health and metrics served over HTTP), {@code access} (who may read the
 * metrics, asked of the API server), {@code reconciler} (split by concern; its package-info has the
 * map), {@code watch} (metadata-only watches), {@code metrics}, {@code config}, {@code ops}
 * (wiring: it knows every other package, and none knows it). {@code ArchitectureTest} holds these
 * rules.
 */
package dev.waflows.operator;
