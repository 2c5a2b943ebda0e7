package dev.waflows.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.proxy.ProxyConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/endpoint/ as a user applies it: the proxy's flags are flags the proxy accepts and point
 * at the mounted Secrets the FlowsEncryptionKey names, the Secrets are whole volumes (a subPath
 * mount never sees a rotated key), probes and Service use the ports the proxy opens, and the pod
 * meets the restricted Pod Security level. ExamplesIT applies it to a real API server.
 */
class EndpointExampleTest {

  static final Path DIR = Path.of("examples/endpoint");

  private static final List<HasMetadata> objects = new ArrayList<>();
  private static Deployment deployment;
  private static Container proxy;
  private static ProxyConfig config;

  @BeforeAll
  static void read() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.sorted().toList()) {
        objects.add(Serialization.unmarshal(Files.readString(f)));
      }
    }
    deployment = one(Deployment.class);
    proxy = proxyOf(deployment);
    List<String> flags = proxy.getArgs().subList(1, proxy.getArgs().size());
    config = ProxyConfig.load(flags.toArray(String[]::new), Map.of());
  }

  /** The example's Deployment as a user applies it. */
  static Deployment deployment() throws IOException {
    return Serialization.unmarshal(
        Files.readString(DIR.resolve("20-deployment.yaml")), Deployment.class);
  }

  /** The container of {@code d} that runs the proxy subcommand. */
  static Container proxyOf(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> !c.getArgs().isEmpty() && c.getArgs().get(0).equals("proxy"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container runs the proxy subcommand"));
  }

  @Test
  void theProxyIsTheOperatorsImageInFrontOfTheAppOnLoopback() throws IOException {
    assertThat(proxy.getImage()).isEqualTo("flows-key-operator:" + PomVersion.read());
    assertThat(config.upstream()).isEqualTo(URI.create("http://127.0.0.1:3000"));
    Container app =
        pod().getContainers().stream().filter(c -> c != proxy).findFirst().orElseThrow();
    assertThat(app.getPorts()).extracting(ContainerPort::getContainerPort).contains(3000);
  }

  @Test
  void theProxyReadsTheSecretsTheResourceNamesFromWholeVolumes() {
    GenericKubernetesResource key = one(GenericKubernetesResource.class);
    assertThat(key.getKind()).isEqualTo("FlowsEncryptionKey");
    assertThat(mountedSecret(config.keyDir())).isEqualTo(spec(key, "keySecretRef", "name"));
    Path passphrase = config.passphraseFile().orElseThrow();
    assertThat(mountedSecret(passphrase.getParent()))
        .isEqualTo(spec(key, "passphraseSecretRef", "name"));
    assertThat(passphrase.getFileName()).hasToString("passphrase");
    Path appSecret = config.appSecretFile().orElseThrow();
    String appSecretName = spec(key, "endpoint", "appSecretRef", "name");
    assertThat(mountedSecret(appSecret.getParent())).isEqualTo(appSecretName);
    assertThat(appSecret.getFileName()).hasToString("app-secret");
    Secret secret = one(Secret.class);
    assertThat(secret.getMetadata().getName()).isEqualTo(appSecretName);
    assertThat(secret.getType()).isEqualTo("Opaque");
    assertThat(secret.getStringData()).containsOnlyKeys("app-secret");

    for (Container c : pod().getContainers()) {
      assertThat(c.getVolumeMounts())
          .as("%s: subPath mounts never see a rotated key", c.getName())
          .allSatisfy(m -> assertThat(m.getSubPath()).isNull());
    }
  }

  @Test
  void probesAskTheManagementPortAndTheServiceServesTheProxysPort() {
    assertThat(config.port()).isEqualTo(8787);
    assertThat(config.managementPort()).isEqualTo(8788);
    assertThat(probe(proxy.getLivenessProbe(), "/healthz")).isEqualTo(config.managementPort());
    assertThat(probe(proxy.getReadinessProbe(), "/readyz")).isEqualTo(config.managementPort());

    Service service = one(Service.class);
    assertThat(service.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
    assertThat(service.getSpec().getPorts()).hasSize(1);
    ServicePort port = service.getSpec().getPorts().get(0);
    assertThat(port.getPort()).isEqualTo(8787);
    assertThat(containerPort(port.getTargetPort())).isEqualTo(config.port());

    URI url = URI.create(spec(one(GenericKubernetesResource.class), "endpoint", "url"));
    assertThat(url.getHost())
        .isEqualTo(
            service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc");
    assertThat(url.getPort()).isEqualTo(port.getPort());
  }

  @Test
  void thePodMeetsTheRestrictedPodSecurityLevelWithAReadOnlyRoot() {
    assertThat(pod().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(pod().getAutomountServiceAccountToken()).isFalse();
    for (Container c : pod().getContainers()) {
      SecurityContext s = c.getSecurityContext();
      assertThat(s.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
      assertThat(s.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
      assertThat(s.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
      assertThat(s.getPrivileged()).as(c.getName()).isNotEqualTo(Boolean.TRUE);
    }
  }

  /** The port a probe asks, after checking its path; a named port resolved in the container. */
  private static int probe(Probe probe, String path) {
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    return containerPort(probe.getHttpGet().getPort());
  }

  private static int containerPort(IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return proxy.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no port named " + port.getStrVal()))
        .getContainerPort();
  }

  /** The Secret mounted (read-only, as a whole volume) at {@code dir} in the proxy container. */
  private static String mountedSecret(Path dir) {
    VolumeMount mount =
        proxy.getVolumeMounts().stream()
            .filter(m -> Path.of(m.getMountPath()).equals(dir))
            .findFirst()
            .orElseThrow(() -> new AssertionError("nothing is mounted at " + dir));
    assertThat(mount.getReadOnly()).as(dir.toString()).isTrue();
    assertThat(mount.getSubPath()).as(dir.toString()).isNull();
    Volume volume =
        pod().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getSecret()).as("volume %s is a Secret", volume.getName()).isNotNull();
    return volume.getSecret().getSecretName();
  }

  @SuppressWarnings("unchecked")
  private static String spec(GenericKubernetesResource r, String... path) {
    Object node = r.getAdditionalProperties().get("spec");
    for (String p : path) {
      assertThat(node).as("spec." + String.join(".", path)).isInstanceOf(Map.class);
      node = ((Map<String, Object>) node).get(p);
    }
    assertThat(node).as("spec." + String.join(".", path)).isInstanceOf(String.class);
    return (String) node;
  }

  private static PodSpec pod() {
    return deployment.getSpec().getTemplate().getSpec();
  }

  private static <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
