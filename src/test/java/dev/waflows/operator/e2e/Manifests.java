package dev.waflows.operator.e2e;

import java.util.List;
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
    String idList =
        ids.stream().map(id -> "    - \"" + id + "\"").collect(Collectors.joining("\n"));
    return """
        apiVersion: waflows.dev/v1alpha1
        kind: FlowsEncryptionKey
        metadata:
          name: %s
          namespace: %s
        spec:
          phoneNumberIds:
        %s
          keySecretRef:
            name: %s-key
          accessTokenSecretRef:
            name: whatsapp-system-user
        %s
        """
        .formatted(name, ns, idList, name, extraSpec.indent(2).stripTrailing());
  }
}
