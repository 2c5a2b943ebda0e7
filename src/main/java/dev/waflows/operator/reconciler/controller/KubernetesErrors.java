package dev.waflows.operator.reconciler.controller;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Describes a failed Kubernetes call for status and logs: the HTTP code and the API server's own
 * message (which names objects and permissions, never Secret values), no request bodies.
 */
final class KubernetesErrors {

  private static final int MAX = 400;

  private KubernetesErrors() {}

  static String describe(Throwable e) {
    Throwable t = e;
    while (t != null && !(t instanceof KubernetesClientException)) {
      t = t.getCause();
    }
    if (t instanceof KubernetesClientException k) {
      String server =
          k.getStatus() != null && k.getStatus().getMessage() != null
              ? k.getStatus().getMessage()
              : "no answer";
      String text = "Kubernetes API error (HTTP " + k.getCode() + "): " + server;
      return text.length() <= MAX ? text : text.substring(0, MAX) + "...";
    }
    return "internal error: " + e.getClass().getSimpleName();
  }
}
