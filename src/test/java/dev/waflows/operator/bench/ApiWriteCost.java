package dev.waflows.operator.bench;

import dev.waflows.operator.api.FlowsEncryptionKey;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What the API server and etcd spend on the writes a new resource needs, made without the operator:
 * the benchmark creates N resources, then makes for each what the operator must (one key Secret,
 * one status write, two Events), 16 at a time, and reads the CPU time of kube-apiserver and etcd
 * from /proc around it. On this machine they share the two cores with the operator, so their cost
 * per resource belongs in a bound that counts CPU; the bound is shown with and without it.
 */
final class ApiWriteCost {

  /** The writes the operator must make per new resource, as CreationCostTest counts them. */
  static final int WRITES_PER_RESOURCE = 4;

  private static final String NAMESPACE = "bench-apicost";

  private final BenchCluster cluster;

  private double userCreateCpuPerResource = Double.NaN;
  private double operatorWritesCpuPerResource = Double.NaN;
  private double operatorWritesSeconds = Double.NaN;
  private int resources;

  ApiWriteCost(BenchCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * @param keySecretData the data of a key Secret as the operator writes one
   */
  void run(int n, IntFunction<List<String>> numbersOf, Map<String, String> keySecretData) {
    resources = n;
    cluster.freshNamespace(NAMESPACE, true);
    List<FlowsEncryptionKey> fleet = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      fleet.add(BenchCluster.resource(NAMESPACE, "r" + i, numbersOf.apply(i)));
    }
    double before = controlPlaneCpuSeconds();
    cluster.createResources(fleet);
    double created = controlPlaneCpuSeconds();
    userCreateCpuPerResource = (created - before) / n;

    long start = System.nanoTime();
    cluster.inParallel(n, i -> operatorWrites(fleet.get(i), keySecretData));
    operatorWritesSeconds = (System.nanoTime() - start) / 1e9;
    operatorWritesCpuPerResource = (controlPlaneCpuSeconds() - created) / n;
    cluster.deleteNamespace(NAMESPACE);
  }

  /** Control-plane CPU seconds the operator's required writes cost per resource (NaN: not run). */
  double cpuPerResource() {
    return operatorWritesCpuPerResource;
  }

  boolean ran() {
    return !Double.isNaN(operatorWritesCpuPerResource);
  }

  List<String> table() {
    if (!ran()) {
      return List.of("**API server write cost:** not run");
    }
    return List.of(
        String.format(
            "**API server write cost** (%,d resources; kube-apiserver + etcd CPU from /proc, no"
                + " operator running):",
            resources),
        "",
        "| writes | per resource | control-plane CPU per resource | wall, 16 at a time |",
        "|---|---:|---:|---:|",
        String.format(
            "| the user's create of the FlowsEncryptionKey | 1 | %.1f ms | - |",
            userCreateCpuPerResource * 1000),
        String.format(
            "| what the operator must write: key Secret, status, 2 Events | %d | %.1f ms (%.1f"
                + " ms a write) | %.1f s |",
            WRITES_PER_RESOURCE,
            operatorWritesCpuPerResource * 1000,
            operatorWritesCpuPerResource * 1000 / WRITES_PER_RESOURCE,
            operatorWritesSeconds));
  }

  private void operatorWrites(FlowsEncryptionKey r, Map<String, String> keySecretData) {
    String ns = r.getMetadata().getNamespace();
    String name = r.getMetadata().getName();
    var client = cluster.client();
    Secret key =
        new SecretBuilder()
            .withNewMetadata()
            .withName(BenchCluster.keySecretName(name))
            .withNamespace(ns)
            .endMetadata()
            .withType("Opaque")
            .withStringData(keySecretData)
            .build();
    client.secrets().inNamespace(ns).resource(key).create();
    client
        .resources(FlowsEncryptionKey.class)
        .inNamespace(ns)
        .withName(name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), statusLikeTheOperators(r));
    for (String reason : List.of("KeyGenerated", "Registered")) {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(name + ".")
                  .withNamespace(ns)
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withKind("FlowsEncryptionKey")
                  .withName(name)
                  .withNamespace(ns)
                  .endInvolvedObject()
                  .withType("Normal")
                  .withReason(reason)
                  .withMessage("benchmark write of the size the operator sends")
                  .withCount(1)
                  .build())
          .create();
    }
  }

  /** A status of the size the operator writes once every number is registered. */
  private static String statusLikeTheOperators(FlowsEncryptionKey r) {
    StringBuilder numbers = new StringBuilder();
    for (String id : r.getSpec().getPhoneNumberIds()) {
      if (numbers.length() > 0) {
        numbers.append(',');
      }
      numbers.append(
          String.format(
              "{\"id\":\"%s\",\"signatureStatus\":\"VALID\",\"keyMatches\":true,\"reason\":"
                  + "\"Registered\",\"message\":\"our key is registered and its signature is"
                  + " VALID\",\"lastRegisteredTime\":\"2026-12-05T10:00:00Z\","
                  + "\"lastTransitionTime\":\"2026-12-05T10:00:00Z\"}",
              id));
    }
    String condition =
        "{\"type\":\"%s\",\"status\":\"%s\",\"reason\":\"%s\",\"message\":\"m\","
            + "\"lastTransitionTime\":\"2026-12-05T10:00:00Z\",\"observedGeneration\":1}";
    return "{\"status\":{\"observedGeneration\":1,\"mode\":\"Register\",\"keySource\":"
        + "\"Generated\",\"keyFingerprint\":\"SHA256:0123456789abcdefghijklmnopqrstuvwxyzABCDEFG\","
        + "\"summary\":\"3/3\",\"phoneNumbers\":["
        + numbers
        + "],\"conditions\":["
        + String.format(condition, "KeyReady", "True", "KeyLoaded")
        + ","
        + String.format(condition, "Registered", "True", "Registered")
        + ","
        + String.format(condition, "Ready", "True", "Ready")
        + ","
        + String.format(condition, "Reconciling", "False", "Ready")
        + ","
        + String.format(condition, "Stalled", "False", "Ready")
        + "]}}";
  }

  /** User + system CPU seconds of kube-apiserver and etcd so far. */
  static double controlPlaneCpuSeconds() {
    return processCpuSeconds("kube-apiserver.pid") + processCpuSeconds("etcd.pid");
  }

  private static double processCpuSeconds(String pidFile) {
    try {
      return CpuSnapshot.processSeconds(
          Long.parseLong(Files.readString(BenchCluster.STATE.resolve(pidFile)).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
