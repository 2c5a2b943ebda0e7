package dev.waflows.operator.ops;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What {@code kubectl kustomize} renders from deploy/, as typed Fabric8 objects. */
final class DeployManifests {

  /** One permission: API group ("" for core), resource (with "/subresource"), verb. */
  record Permission(String apiGroup, String resource, String verb) {
    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup) + " " + resource + " " + verb;
    }
  }

  private final String yaml;
  private final List<HasMetadata> objects;

  private DeployManifests(String yaml, List<HasMetadata> objects) {
    this.yaml = yaml;
    this.objects = objects;
  }

  /** Renders a kustomization directory; skips the calling test when kubectl is not installed. */
  static DeployManifests render(String dir) throws IOException, InterruptedException {
    assumeTrue(kubectlInstalled(), "kubectl is not installed");
    Process p =
        new ProcessBuilder("kubectl", "kustomize", dir)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("kubectl kustomize " + dir + " failed");
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (!doc.isBlank()) {
        objects.add(Serialization.unmarshal(doc));
      }
    }
    return new DeployManifests(yaml, objects);
  }

  /**
   * Renders a kustomization as a user composes one: {@code resources} (e.g. "deploy") plus the
   * optional {@code components} (e.g. "deploy/components/monitoring"), paths from the repository
   * root. kustomize refuses absolute paths, so the kustomization is written under target/.
   */
  static DeployManifests compose(String resources, String... components)
      throws IOException, InterruptedException {
    return composeIn(null, resources, components);
  }

  /** As {@link #compose}, with {@code namespace:} set in the user's kustomization (null: none). */
  static DeployManifests composeIn(String namespace, String resources, String... components)
      throws IOException, InterruptedException {
    String name =
        (namespace == null ? "" : namespace + "+") + resources + "+" + String.join("+", components);
    Path dir = Path.of("target", "kustomize", name.replaceAll("[^A-Za-z0-9+-]", "_"));
    Files.createDirectories(dir);
    String up = "../../../";
    StringBuilder k =
        new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
    if (namespace != null) {
      k.append("namespace: ").append(namespace).append('\n');
    }
    k.append("resources:\n  - ").append(up).append(resources).append('\n');
    if (components.length > 0) {
      k.append("components:\n");
      for (String c : components) {
        k.append("  - ").append(up).append(c).append('\n');
      }
    }
    Files.writeString(dir.resolve("kustomization.yaml"), k);
    return render(dir.toString());
  }

  static boolean kubectlInstalled() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "kubectl")));
  }

  /** The rendered YAML as kubectl printed it. */
  String yaml() {
    return yaml;
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    List<T> found = all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + type.getSimpleName() + " " + name + ", found " + found.size());
    }
    return found.get(0);
  }

  /** Every rule of every ClusterRole and Role, wherever it is bound. */
  List<PolicyRule> rules() {
    List<PolicyRule> rules = new ArrayList<>();
    all(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    all(Role.class).forEach(r -> rules.addAll(r.getRules()));
    return rules;
  }

  /**
   * The rules spelled out one (group, resource, verb) at a time; a non-resource URL rule as group
   * "nonResourceURL", the URL as resource.
   */
  static List<Permission> permissions(List<PolicyRule> rules) {
    List<Permission> out = new ArrayList<>();
    for (PolicyRule rule : rules) {
      for (String url : Optional.ofNullable(rule.getNonResourceURLs()).orElse(List.of())) {
        for (String verb : rule.getVerbs()) {
          out.add(new Permission("nonResourceURL", url, verb));
        }
      }
      for (String group : Optional.ofNullable(rule.getApiGroups()).orElse(List.of())) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            out.add(new Permission(group, resource, verb));
          }
        }
      }
    }
    return out;
  }
}
