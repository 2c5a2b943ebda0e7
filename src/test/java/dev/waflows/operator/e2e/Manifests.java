package dev.waflows.operator.e2e;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** YAML as users write it, for kubectl apply. */
final class Manifests {

  private Manifests() {}

  static String namespace(String name) {
    return "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n";
  }

  static String tokenSecret(String ns, String token) {
    return """
        apiVersion: v1
        kind: Secret
        metadata:
          name: whatsapp-system-user
          namespace: %s
        type: Opaque
        stringData:
          token: %s
        """
        .formatted(ns, token);
  }

  static String resource(String ns, String name, List<String> ids, String extraSpec) {
    return labelledResource(ns, name, Map.of(), ids, extraSpec);
  }

  static String labelledResource(
      String ns, String name, Map<String, String> labels, List<String> ids, String extraSpec) {
    String labelBlock =
        labels.isEmpty()
            ? ""
            : "\n  labels:\n"
                + labels.entrySet().stream()
                    .map(e -> "    " + e.getKey() + ": \"" + e.getValue() + "\"")
                    .collect(Collectors.joining("\n"));
    String idList =
        ids.stream().map(id -> "    - \"" + id + "\"").collect(Collectors.joining("\n"));
    return """
        apiVersion: waflows.dev/v1alpha1
        kind: FlowsEncryptionKey
        metadata:
          name: %s
          namespace: %s%s
        spec:
          phoneNumberIds:
        %s
          keySecretRef:
            name: %s-key
          accessTokenSecretRef:
            name: whatsapp-system-user
        %s
        """
        .formatted(name, ns, labelBlock, idList, name, extraSpec.indent(2).stripTrailing());
  }
}
