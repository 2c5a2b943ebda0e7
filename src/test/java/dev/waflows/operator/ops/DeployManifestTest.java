package dev.waflows.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.config.OperatorConfig;
import dev.waflows.operator.ops.DeployManifests.Permission;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl apply -k deploy/} (and the namespaced overlay) would install: checked object
 * by object against what the operator needs and nothing more.
 */
class DeployManifestTest {

  static final String NS = "flows-system";
  static final String NAME = "flows-key-operator";

  /**
   * Every permission the operator uses, and why. The rendered RBAC must grant exactly these.
   * RunningOperatorTest and LeaderElectionTest check the other direction: every request a running
   * operator makes is granted.
   */
  static final Set<Permission> CLUSTER_ROLE =
      Set.of(
          // JOSDK's informer for the primary resource (ControllerResourceEventSource): a list,
          // then a watch from its resourceVersion. No GET: JOSDK reads a single primary only
          // when a finalizer patch conflicts, and the reconciler sets no finalizer.
          new Permission("waflows.dev", "flowsencryptionkeys", "list"),
          new Permission("waflows.dev", "flowsencryptionkeys", "watch"),
          // UpdateControl.patchStatus (ReconcilePass.finish): JOSDK's editStatus, a JSON patch
          // of the status subresource. The operator never writes spec or metadata.
          new Permission("waflows.dev", "flowsencryptionkeys/status", "patch"),
          // SecretReader.get: the key, token and passphrase Secrets a resource names; also
          // KeyProvisioner (re-read after a 409 on create; edit() reads before it patches).
          new Permission("", "secrets", "get"),
          // MetadataWatch (for ReferencedSecretEventSource): list with limit=1 to learn where to
          // start the watch, then watch, both metadata only (names pass through; no cache).
          new Permission("", "secrets", "list"),
          new Permission("", "secrets", "watch"),
          // KeyProvisioner.generate: one create call with the whole key pair.
          new Permission("", "secrets", "create"),
          // KeyProvisioner.alignOwnership: edit() = JSON patch of the owner reference of a
          // Secret the operator generated, when secretDeletionPolicy changes.
          new Permission("", "secrets", "patch"),
          // RotationCoordinator.update: replaces a generated key Secret's data (new pair, or the
          // previous pair dropped) with the resourceVersion just read, so a lost race gets 409.
          new Permission("", "secrets", "update"),
          // KeyEvents.record: core/v1 Events, created with generateName, never patched.
          new Permission("", "events", "create"));

  /**
   * Leader election, in the operator's own namespace only. JOSDK's LeaderElectionManager refuses to
   * start unless a SelfSubjectRulesReview shows get, create and update on leases. Fabric8's
   * LeaseLock (7.5) reads the Lease (get), creates it when missing (create), and renews or takes it
   * over with a PATCH carrying the resourceVersion (patch), as OperatorApp.releaseLease does on
   * close. Without patch, renewal fails with 403 and the leader exits after the renew deadline.
   */
  static final Set<Permission> LEADER_ELECTION_ROLE =
      Set.of(
          new Permission("coordination.k8s.io", "leases", "get"),
          new Permission("coordination.k8s.io", "leases", "create"),
          new Permission("coordination.k8s.io", "leases", "update"),
          new Permission("coordination.k8s.io", "leases", "patch"));

  static final String METRICS_AUTH = "flows-key-operator-metrics-auth";
  static final String METRICS_READER = "flows-key-operator-metrics-reader";

  /**
   * The secure metrics port (management.AuthorizedMetrics, access.KubernetesAccessReviewer): one
   * TokenReview and one SubjectAccessReview per token not remembered. Both are cluster-scoped, so
   * every install, the namespaced one too, binds them cluster-wide.
   */
  static final Set<Permission> METRICS_AUTH_ROLE =
      Set.of(
          new Permission("authentication.k8s.io", "tokenreviews", "create"),
          new Permission("authorization.k8s.io", "subjectaccessreviews", "create"));

  /** What a scraper needs: get on the non-resource URL /metrics, nothing else. */
  static final Set<Permission> METRICS_READER_ROLE =
      Set.of(new Permission("nonResourceURL", "/metrics", "get"));

  private static DeployManifests cluster;
  private static DeployManifests namespaced;

  @BeforeAll
  static void render() throws Exception {
    cluster = DeployManifests.render("deploy/");
    namespaced = DeployManifests.render("deploy/overlays/namespaced");
  }

  @Test
  void installsTheNamespaceWithTheRestrictedPodSecurityLevel() {
    Namespace ns = cluster.one(Namespace.class, NS);
    assertThat(ns.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    for (HasMetadata o : cluster.all()) {
      if (o instanceof Namespace
          || o instanceof CustomResourceDefinition
          || o instanceof ClusterRole
          || o instanceof ClusterRoleBinding) {
        continue;
      }
      assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + name(o)).isEqualTo(NS);
    }
  }

  @Test
  void theCrdIsInstalledOnItsOwnFromCrdsAndNeverPruned() throws Exception {
    for (String install :
        List.of("deploy/", "deploy/overlays/namespaced", "deploy/overlays/sharded")) {
      assertThat(DeployManifests.render(install).all(CustomResourceDefinition.class))
          .as("deleting or pruning %s must not delete the CRD (and every resource)", install)
          .isEmpty();
    }
    CustomResourceDefinition file =
        Serialization.unmarshal(
            Files.readString(Path.of("crds/flowsencryptionkeys.waflows.dev-v1.yml")),
            CustomResourceDefinition.class);
    DeployManifests crds = DeployManifests.render("crds/");
    assertThat(crds.all()).hasSize(1);
    CustomResourceDefinition rendered =
        crds.one(CustomResourceDefinition.class, "flowsencryptionkeys.waflows.dev");
    assertThat(rendered.getSpec()).isEqualTo(file.getSpec());
    assertThat(rendered.getMetadata().getAnnotations())
        .containsEntry("argocd.argoproj.io/sync-options", "Prune=false")
        .containsEntry("kustomize.toolkit.fluxcd.io/prune", "disabled");
  }

  /**
   * A user's kustomization that sets {@code namespace:} over deploy/ and both components: every
   * object and every reference to the install's namespace follows, none is left at flows-system.
   */
  @Test
  void anotherNamespaceReachesEveryReference() throws Exception {
    String other = "platform-keys";
    DeployManifests moved =
        DeployManifests.composeIn(
            other, "deploy", "deploy/components/monitoring", "deploy/components/network-policy");
    assertThat(moved.yaml()).doesNotContain(NS);
    assertThat(moved.one(Namespace.class, other).getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    for (HasMetadata o : moved.all()) {
      if (!(o instanceof Namespace
          || o instanceof ClusterRole
          || o instanceof ClusterRoleBinding)) {
        assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + name(o)).isEqualTo(other);
      }
    }
    for (List<Subject> subjects :
        List.of(
            moved.one(ClusterRoleBinding.class, NAME).getSubjects(),
            moved.one(ClusterRoleBinding.class, METRICS_AUTH).getSubjects(),
            moved.one(RoleBinding.class, "flows-key-operator-leader-election").getSubjects())) {
      assertThat(subjects)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getName()).isEqualTo(NAME);
                assertThat(s.getNamespace()).isEqualTo(other);
              });
    }
    // The operator reads its namespace (for the Lease) from the pod, not from a literal.
    Container c =
        moved.one(Deployment.class, NAME).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(c, "POD_NAMESPACE").orElseThrow().getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env(c, OperatorConfig.LEADER_ELECTION_NAMESPACE.env())).isEmpty();
    // The ServiceMonitor finds the metrics Service in its own namespace, the moved one.
    GenericKubernetesResource monitor =
        moved.all(GenericKubernetesResource.class).stream()
            .filter(o -> o.getKind().equals("ServiceMonitor"))
            .findFirst()
            .orElseThrow();
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo(other);
    assertThat(monitor.getAdditionalProperties().get("spec").toString())
        .doesNotContain("namespaceSelector");
    // Prometheus's account stays where Prometheus runs.
    assertThat(moved.one(ClusterRoleBinding.class, METRICS_READER).getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getNamespace()).isEqualTo("monitoring"));
  }

  @Test
  void aTenantQuotaBoundsTheResourcesOfANamespace() throws Exception {
    ResourceQuota quota =
        DeployManifests.render("deploy/tenant-quota").all(ResourceQuota.class).get(0);
    assertThat(quota.getSpec().getHard()).containsKey("count/flowsencryptionkeys.waflows.dev");
    assertThat(
            quota
                .getSpec()
                .getHard()
                .get("count/flowsencryptionkeys.waflows.dev")
                .getNumericalAmount())
        .isPositive();
  }

  @Test
  void deploymentRunsRestrictedWithProbesResourcesAndItsNamespace() {
    Deployment d = cluster.one(Deployment.class, NAME);
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo(NAME);
    cluster.one(ServiceAccount.class, NAME);
    assertThat(pod.getContainers()).hasSize(1);
    Container c = pod.getContainers().get(0);

    PodSecurityContext podSc =
        Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
    SecurityContext sc =
        Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
    assertThat(
            Boolean.TRUE.equals(sc.getRunAsNonRoot())
                || (sc.getRunAsNonRoot() == null && Boolean.TRUE.equals(podSc.getRunAsNonRoot())))
        .as("runAsNonRoot (container, or pod when the container does not say)")
        .isTrue();
    assertThat(Optional.ofNullable(sc.getRunAsUser()).orElse(podSc.getRunAsUser()))
        .as("a numeric non-root user, as the image's USER")
        .isEqualTo(10001L);
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
    var seccomp = Optional.ofNullable(sc.getSeccompProfile()).orElse(podSc.getSeccompProfile());
    assertThat(seccomp.getType()).isEqualTo("RuntimeDefault");
    // A read-only root needs a writable /tmp for the JVM.
    assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));

    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKey("memory");

    int httpPort = Integer.parseInt(OperatorConfig.HTTP_PORT.defaultValue());
    assertThat(env(c, OperatorConfig.HTTP_PORT.env())).as("port left at the default").isEmpty();
    assertThat(c.getPorts())
        .anyMatch(p -> "http".equals(p.getName()) && p.getContainerPort() == httpPort);
    int metricsPort = Integer.parseInt(OperatorConfig.METRICS_PORT.defaultValue());
    assertThat(env(c, OperatorConfig.METRICS_PORT.env())).as("port left at the default").isEmpty();
    assertThat(env(c, OperatorConfig.METRICS_SECURE.env()))
        .as("secure metrics, the default")
        .isEmpty();
    assertThat(c.getPorts())
        .anyMatch(p -> "https-metrics".equals(p.getName()) && p.getContainerPort() == metricsPort);
    assertHttpProbe(c.getLivenessProbe(), "/healthz");
    assertHttpProbe(c.getReadinessProbe(), "/readyz");

    EnvVar podNamespace = env(c, "POD_NAMESPACE").orElseThrow();
    assertThat(podNamespace.getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env(c, "WATCH_NAMESPACES").map(EnvVar::getValue)).hasValue("");

    // SIGTERM lets running reconciles finish; the kubelet must wait longer than that.
    assertThat(pod.getTerminationGracePeriodSeconds())
        .isGreaterThan(OperatorApp.RECONCILE_TERMINATION_TIMEOUT.toSeconds());
  }

  @Test
  void serviceExposesTheMetricsPortOfTheOperatorsPods() {
    Service s = cluster.one(Service.class, "flows-key-operator-metrics");
    Deployment d = cluster.one(Deployment.class, NAME);
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(s.getSpec().getSelector());
    // Only the HTTPS metrics port: the probes' port is no business of a Service.
    assertThat(s.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("https-metrics");
              assertThat(p.getPort()).isEqualTo(8443);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("https-metrics");
            });
  }

  @Test
  void rbacNamesNoWildcard() {
    for (DeployManifests m : List.of(cluster, namespaced)) {
      for (PolicyRule r : m.rules()) {
        Stream.of(
                r.getApiGroups(),
                r.getResources(),
                r.getVerbs(),
                r.getResourceNames(),
                r.getNonResourceURLs())
            .filter(l -> l != null)
            .flatMap(List::stream)
            .forEach(v -> assertThat(v).as("rule %s", r).doesNotContain("*"));
      }
      // Non-resource URLs appear in the metrics reader's role only.
      for (ClusterRole role : m.all(ClusterRole.class)) {
        if (!role.getMetadata().getName().equals(METRICS_READER)) {
          assertThat(role.getRules())
              .allSatisfy(r -> assertThat(r.getNonResourceURLs()).isNullOrEmpty());
        }
      }
    }
  }

  @Test
  void metricsAreReadOnlyByTokensBoundToTheReaderRoleWhichTheOperatorCanReview() {
    for (DeployManifests m : List.of(cluster, namespaced)) {
      assertThat(
              Set.copyOf(
                  DeployManifests.permissions(m.one(ClusterRole.class, METRICS_AUTH).getRules())))
          .containsExactlyInAnyOrderElementsOf(METRICS_AUTH_ROLE);
      ClusterRoleBinding auth = m.one(ClusterRoleBinding.class, METRICS_AUTH);
      assertThat(auth.getRoleRef().getKind()).isEqualTo("ClusterRole");
      assertThat(auth.getRoleRef().getName()).isEqualTo(METRICS_AUTH);
      assertOperatorAccountOnly(auth.getSubjects());

      assertThat(
              Set.copyOf(
                  DeployManifests.permissions(m.one(ClusterRole.class, METRICS_READER).getRules())))
          .containsExactlyInAnyOrderElementsOf(METRICS_READER_ROLE);
      assertThat(m.all(ClusterRoleBinding.class))
          .as("the install binds the reader role to nobody; the monitoring component does")
          .noneMatch(b -> b.getRoleRef().getName().equals(METRICS_READER));
    }
  }

  @Test
  void rbacGrantsExactlyWhatTheCodeUses() {
    assertThat(
            Set.copyOf(
                DeployManifests.permissions(cluster.one(ClusterRole.class, NAME).getRules())))
        .containsExactlyInAnyOrderElementsOf(CLUSTER_ROLE);
    Role leader = cluster.one(Role.class, "flows-key-operator-leader-election");
    assertThat(leader.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(Set.copyOf(DeployManifests.permissions(leader.getRules())))
        .containsExactlyInAnyOrderElementsOf(LEADER_ELECTION_ROLE);
    assertThat(DeployManifests.permissions(cluster.rules())).doesNotHaveDuplicates();
    assertThat(cluster.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder(NAME, METRICS_AUTH, METRICS_READER);

    ClusterRoleBinding crb = cluster.one(ClusterRoleBinding.class, NAME);
    assertThat(crb.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(crb.getRoleRef().getName()).isEqualTo(NAME);
    assertOperatorAccountOnly(crb.getSubjects());
    RoleBinding leaderBinding =
        cluster.one(RoleBinding.class, "flows-key-operator-leader-election");
    assertThat(leaderBinding.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(leaderBinding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(leaderBinding.getRoleRef().getName()).isEqualTo(leader.getMetadata().getName());
    assertOperatorAccountOnly(leaderBinding.getSubjects());
  }

  @Test
  void namespacedOverlayBindsTheRoleOnlyInTheWatchedNamespaces() {
    // Cluster-wide, only the reviews of the metrics port (cluster-scoped, nothing read).
    assertThat(namespaced.all(ClusterRoleBinding.class))
        .extracting(b -> b.getRoleRef().getName())
        .containsExactly(METRICS_AUTH);
    Container c =
        namespaced
            .one(Deployment.class, NAME)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    Set<String> watched =
        Arrays.stream(env(c, "WATCH_NAMESPACES").orElseThrow().getValue().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
    assertThat(watched).containsExactly("whatsapp");

    Map<String, RoleBinding> byNamespace =
        namespaced.all(RoleBinding.class).stream()
            .filter(b -> b.getRoleRef().getKind().equals("ClusterRole"))
            .collect(Collectors.toMap(b -> b.getMetadata().getNamespace(), b -> b));
    assertThat(byNamespace.keySet()).isEqualTo(watched);
    for (RoleBinding b : byNamespace.values()) {
      assertThat(b.getRoleRef().getName()).isEqualTo(NAME);
      assertOperatorAccountOnly(b.getSubjects());
    }
    // Same rules as the cluster-wide install; leader election unchanged.
    assertThat(
            Set.copyOf(
                DeployManifests.permissions(namespaced.one(ClusterRole.class, NAME).getRules())))
        .isEqualTo(CLUSTER_ROLE);
    namespaced.one(RoleBinding.class, "flows-key-operator-leader-election");
  }

  @Test
  void networkPolicyAllowsMetricsInAndDnsApiServerAndHttpsOutAndNothingElse() throws Exception {
    DeployManifests withPolicy =
        DeployManifests.compose("deploy", "deploy/components/network-policy");
    assertThat(withPolicy.all()).hasSize(cluster.all().size() + 1);
    NetworkPolicy np = withPolicy.one(NetworkPolicy.class, NAME);
    assertThat(np.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(
            cluster.one(Deployment.class, NAME).getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());

    int httpPort = Integer.parseInt(OperatorConfig.HTTP_PORT.defaultValue());
    int metricsPort = Integer.parseInt(OperatorConfig.METRICS_PORT.defaultValue());
    assertThat(np.getSpec().getIngress()).hasSize(2);
    assertThat(np.getSpec().getIngress())
        .filteredOn(rule -> ports(rule.getPorts()).contains("TCP/" + metricsPort))
        .singleElement()
        .satisfies(
            rule -> {
              // /metrics names every tenant's resources: only Prometheus of the monitoring
              // namespace may reach it (and it needs a token allowed to get /metrics).
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(
                      peer -> {
                        assertThat(peer.getNamespaceSelector().getMatchLabels())
                            .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
                        assertThat(peer.getPodSelector().getMatchLabels())
                            .isEqualTo(Map.of("app.kubernetes.io/name", "prometheus"));
                      });
              assertThat(ports(rule.getPorts())).containsExactly("TCP/" + metricsPort);
            });
    // The probe port serves /healthz and /readyz only: open, for the kubelet whatever the CNI.
    assertThat(np.getSpec().getIngress())
        .filteredOn(rule -> ports(rule.getPorts()).contains("TCP/" + httpPort))
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getFrom()).isNullOrEmpty();
              assertThat(ports(rule.getPorts())).containsExactly("TCP/" + httpPort);
            });
    Set<String> egress = new java.util.HashSet<>();
    for (NetworkPolicyEgressRule rule : np.getSpec().getEgress()) {
      assertThat(rule.getPorts()).as("every egress rule names its ports").isNotEmpty();
      egress.addAll(ports(rule.getPorts()));
    }
    assertThat(egress)
        .containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/443", "TCP/6443", "TCP/8787");
    // The endpoint probe's plain HTTP port reaches pods only, not any address.
    assertThat(np.getSpec().getEgress())
        .filteredOn(r -> ports(r.getPorts()).contains("TCP/8787"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getTo())
                    .singleElement()
                    .satisfies(peer -> assertThat(peer.getIpBlock()).isNull()));
  }

  @Test
  void shardedOverlayRunsTwoDeploymentsWithDisjointSelectorsOwnLeasesAndSharedRbac()
      throws Exception {
    DeployManifests sharded = DeployManifests.render("deploy/overlays/sharded");
    assertThat(sharded.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(NAME + "-shard-a", NAME + "-shard-b");
    assertThat(sharded.all()).hasSize(cluster.all().size() + 1);
    assertThat(
            Set.copyOf(
                DeployManifests.permissions(sharded.one(ClusterRole.class, NAME).getRules())))
        .isEqualTo(CLUSTER_ROLE);
    assertOperatorAccountOnly(sharded.one(ClusterRoleBinding.class, NAME).getSubjects());
    Service metrics = sharded.one(Service.class, "flows-key-operator-metrics");
    NetworkPolicy np =
        DeployManifests.compose("deploy/overlays/sharded", "deploy/components/network-policy")
            .one(NetworkPolicy.class, NAME);

    Container base =
        cluster
            .one(Deployment.class, NAME)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    Map<String, String> selectors = new java.util.HashMap<>();
    Set<String> leases = new java.util.HashSet<>();
    Set<Map<String, String>> podSelectors = new java.util.HashSet<>();
    for (Deployment d : sharded.all(Deployment.class)) {
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(podLabels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
      assertThat(podLabels).containsAllEntriesOf(metrics.getSpec().getSelector());
      assertThat(podLabels).containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());
      podSelectors.add(d.getSpec().getSelector().getMatchLabels());
      assertThat(pod.getServiceAccountName()).isEqualTo(NAME);

      Container c = pod.getContainers().get(0);
      assertThat(c.getImage())
          .as("the overlay shows kustomize images:")
          .isEqualTo("registry.example.com/platform/flows-key-operator:" + PomVersion.read());
      selectors.put(
          d.getMetadata().getName(), env(c, "WATCH_LABEL_SELECTOR").orElseThrow().getValue());
      leases.add(env(c, "LEADER_ELECTION_LEASE_NAME").orElseThrow().getValue());
      // Apart from the two variables and the image, a shard runs exactly the base container.
      Container same =
          new io.fabric8.kubernetes.api.model.ContainerBuilder(c)
              .withImage(base.getImage())
              .withEnv(c.getEnv().subList(0, c.getEnv().size() - 2))
              .build();
      assertThat(same).isEqualTo(base);
    }
    assertThat(leases)
        .hasSize(2)
        .doesNotContain(OperatorConfig.LEADER_ELECTION_LEASE.defaultValue());
    assertThat(podSelectors).as("each Deployment selects only its own pods").hasSize(2);

    // Each resource, labelled for a shard or not, is owned by exactly one shard.
    for (Map<String, String> labels :
        List.of(
            Map.of("waflows.dev/shard", "a"),
            Map.of("waflows.dev/shard", "b"),
            Map.<String, String>of(),
            Map.of("team", "x"))) {
      assertThat(selectors.values().stream().filter(s -> matches(s, labels)).count())
          .as("shards owning a resource labelled %s", labels)
          .isEqualTo(1);
    }
    assertThat(matches(selectors.get(NAME + "-shard-a"), Map.of("waflows.dev/shard", "a")))
        .isTrue();
  }

  /**
   * Equality-based label selectors ("k=v", "k!=v", comma-separated), as the API server reads them.
   */
  private static boolean matches(String selector, Map<String, String> labels) {
    for (String term : selector.split(",")) {
      String t = term.trim();
      if (t.contains("!=")) {
        String[] kv = t.split("!=", 2);
        if (kv[1].equals(labels.get(kv[0]))) {
          return false;
        }
      } else {
        String[] kv = t.split("==?", 2);
        if (!kv[1].equals(labels.get(kv[0]))) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<String> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
  }

  private static void assertOperatorAccountOnly(List<Subject> subjects) {
    assertThat(subjects)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(NAME);
              assertThat(s.getNamespace()).isEqualTo(NS);
            });
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe).as(path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  private static Optional<EnvVar> env(Container c, String name) {
    return Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
        .filter(e -> name.equals(e.getName()))
        .findFirst();
  }

  private static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }
}
