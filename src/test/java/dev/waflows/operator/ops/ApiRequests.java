package dev.waflows.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.ops.DeployManifests.Permission;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The requests one client made to the mock API server, as RBAC sees them: (group, resource, verb)
 * and namespace. Tells the operator's requests from the test's own by the user agent.
 */
final class ApiRequests {

  /** One request as RBAC authorizes it; namespace null for cluster-wide ones. */
  record ApiRequest(
      String userAgent, String method, String path, String namespace, Permission permission) {}

  /** Every authenticated user may create these (system:basic-user): no rule needed. */
  static final Set<String> SELF_REVIEWS =
      Set.of("selfsubjectrulesreviews", "selfsubjectaccessreviews", "selfsubjectreviews");

  private ApiRequests() {}

  /** A client for the same mock server that announces itself with this user agent. */
  static KubernetesClient clientAs(KubernetesClient client, String userAgent) {
    Config config = new ConfigBuilder(client.getConfiguration()).withUserAgent(userAgent).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Takes every request recorded so far and keeps those sent with one of the user agents. */
  static List<ApiRequest> drain(KubernetesMockServer server, String... userAgents)
      throws InterruptedException {
    List<String> agents = List.of(userAgents);
    List<ApiRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      String agent = r.getHeader("User-Agent");
      if (agents.contains(agent)) {
        out.add(parse(agent, r.getMethod(), r.getPath()));
      }
    }
    return out;
  }

  static ApiRequest parse(String userAgent, String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    List<String> s = Arrays.asList(uri.getPath().substring(1).split("/"));
    String group;
    List<String> rest;
    if (s.get(0).equals("api")) {
      group = "";
      rest = s.subList(2, s.size());
    } else if (s.get(0).equals("apis")) {
      group = s.get(1);
      rest = s.subList(3, s.size());
    } else {
      throw new IllegalArgumentException("not a resource path: " + pathAndQuery);
    }
    String namespace = null;
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
    boolean named = rest.size() >= 2;
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String verb =
        switch (method) {
          case "GET" ->
              named
                  ? "get"
                  : Arrays.asList(query.split("&")).contains("watch=true") ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> throw new IllegalArgumentException(method);
        };
    return new ApiRequest(
        userAgent, method, pathAndQuery, namespace, new Permission(group, resource, verb));
  }

  /**
   * Asserts that the rendered RBAC lets the operator's account make every one of the requests: the
   * ClusterRole anywhere, the leader election Role in its own namespace.
   *
   * @return the permissions the requests used
   */
  static Set<String> assertAllowed(List<ApiRequest> requests, DeployManifests deploy) {
    List<Permission> cluster =
        DeployManifests.permissions(
            deploy.one(ClusterRole.class, DeployManifestTest.NAME).getRules());
    Role leader = deploy.one(Role.class, "flows-key-operator-leader-election");
    List<Permission> inOwnNamespace = DeployManifests.permissions(leader.getRules());
    Set<String> used = new TreeSet<>();
    for (ApiRequest r : requests) {
      if (r.permission().apiGroup().equals("authorization.k8s.io")
          && SELF_REVIEWS.contains(r.permission().resource())) {
        continue;
      }
      boolean allowed =
          cluster.contains(r.permission())
              || (leader.getMetadata().getNamespace().equals(r.namespace())
                  && inOwnNamespace.contains(r.permission()));
      assertThat(allowed).as("%s %s needs %s", r.method(), r.path(), r.permission()).isTrue();
      used.add(r.permission().toString());
    }
    return used;
  }
}
