/**
 * flows-key-operator: keeps WhatsApp Flows RSA keys in Kubernetes Secrets and registered with
 * Meta's Graph API. Packages by role: {@code api} (the custom resource), {@code keys} (crypto
 * only), {@code graph} (HTTP client only), {@code reconciler}, {@code config}, {@code ops}.
 */
package dev.waflows.operator;
