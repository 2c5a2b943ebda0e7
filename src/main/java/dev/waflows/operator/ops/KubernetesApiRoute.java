package dev.waflows.operator.ops;

import io.fabric8.kubernetes.client.Config;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * How the operator reaches the API server: directly, unless the kubeconfig's cluster names a {@code
 * proxy-url}. The proxy variables ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code ALL_PROXY}) and
 * the JVM's proxy properties are set for Graph calls; Fabric8 would send API calls through them
 * too, and a proxy that knows nothing of the cluster's Service network then cuts the operator off
 * from its own API server.
 */
final class KubernetesApiRoute {

  /** Fabric8's names for the proxy settings it reads from system properties or the environment. */
  private static final List<String> FABRIC8_PROXY_KEYS =
      List.of("https.proxy", "http.proxy", "all.proxy");

  private KubernetesApiRoute() {}

  /**
   * Whether the proxy Fabric8 configured was asked for by the kubeconfig rather than taken from the
   * proxy variables.
   *
   * @param systemPropertyOrEnv a Fabric8 key to its value, as Fabric8 reads it (the system property
   *     {@code https.proxy}, else the variable {@code HTTPS_PROXY})
   */
  static boolean proxyAsked(Config config, UnaryOperator<String> systemPropertyOrEnv) {
    Set<String> fromEnvironment = new HashSet<>();
    FABRIC8_PROXY_KEYS.stream()
        .map(systemPropertyOrEnv)
        .filter(Objects::nonNull)
        .forEach(fromEnvironment::add);
    return Stream.of(config.getHttpsProxy(), config.getHttpProxy())
        .filter(p -> p != null && !p.isBlank())
        .anyMatch(p -> !fromEnvironment.contains(p));
  }

  /** The same, with Fabric8's own lookup of the system properties and the environment. */
  static boolean proxyAsked(Config config) {
    return proxyAsked(config, io.fabric8.kubernetes.client.utils.Utils::getSystemPropertyOrEnvVar);
  }
}
