package dev.waflows.operator.metrics;

import java.net.URI;
import java.util.Locale;

/**
 * What a request to the Kubernetes API does, named as client-go's {@code
 * rest_client_requests_total} and the API server's audit log name it: a verb ({@code get}, {@code
 * list}, {@code watch}, {@code create}, {@code update}, {@code patch}, {@code delete}) and a
 * resource with its subresource ({@code secrets}, {@code flowsencryptionkeys/status}). Pure; never
 * throws.
 */
public record KubernetesRequest(String verb, String resource) {

  static final String OTHER = "other";

  /** The request {@code method} sends to {@code uri}. */
  public static KubernetesRequest of(String method, URI uri) {
    String[] parts = segments(uri);
    // /api/v1/... or /apis/{group}/{version}/...
    int at =
        parts.length > 0 && parts[0].equals("api")
            ? 2
            : parts.length > 0 && parts[0].equals("apis") ? 3 : -1;
    if (at < 0 || parts.length <= at) {
      return new KubernetesRequest(verb(method, true, uri), OTHER);
    }
    if (parts[at].equals("namespaces") && parts.length > at + 2) {
      at += 2; // a namespaced resource; "namespaces/{name}" alone is the namespace itself
    }
    String resource = parts[at];
    boolean named = parts.length > at + 1;
    if (parts.length > at + 2) {
      resource += "/" + parts[at + 2];
    }
    return new KubernetesRequest(verb(method, named, uri), resource);
  }

  private static String verb(String method, boolean named, URI uri) {
    String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
    return switch (m) {
      case "GET" -> watching(uri) ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> OTHER;
    };
  }

  private static boolean watching(URI uri) {
    String query = uri == null ? null : uri.getRawQuery();
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      if (pair.equals("watch=true") || pair.equals("watch=1")) {
        return true;
      }
    }
    return false;
  }

  private static String[] segments(URI uri) {
    String path = uri == null ? null : uri.getRawPath();
    if (path == null) {
      return new String[0];
    }
    String trimmed = path.replaceAll("^/+|/+$", "");
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
  }
}
