package dev.waflows.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane that hack/control-plane.sh started: kubeconfigs for an admin and for the
 * operator's ServiceAccount identity, and kubectl as users run it.
 */
final class ControlPlane {

  static final Path STATE =
      Path.of(System.getenv().getOrDefault("FLOWS_STATE_DIR", "/tmp/flows-control-plane"));
  static final Path ADMIN = STATE.resolve("admin.kubeconfig");
  static final Path OPERATOR = STATE.resolve("operator.kubeconfig");

  private ControlPlane() {}

  static KubernetesClient adminClient() {
    assertThat(ADMIN).as("control plane up (hack/control-plane.sh up)").exists();
    try {
      return new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(ADMIN)))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kubectl as the admin; returns exit code and output. */
  static Result kubectl(String... args) {
    return kubectlWithInput(null, args);
  }

  static Result kubectlWithInput(String stdin, String... args) {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", ADMIN.toString()));
    cmd.addAll(List.of(args));
    return run(stdin, cmd);
  }

  static Result run(String stdin, List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      var out = p.getInputStream().readAllBytes();
      var err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + cmd);
      }
      return new Result(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Installs crds/, then deploy/ (namespace, RBAC), as the README does (server-side apply; the
   * control plane outlives one run, so another field manager's earlier apply is overridden).
   */
  static void installDeploy() {
    for (String dir : List.of("crds/", "deploy/")) {
      Result r = kubectl("apply", "--server-side", "--force-conflicts", "-k", dir);
      assertThat(r.exit()).as(r.err()).isZero();
    }
    Result w =
        kubectl(
            "wait",
            "--for=condition=established",
            "--timeout=60s",
            "crd/flowsencryptionkeys.waflows.dev");
    assertThat(w.exit()).as(w.err()).isZero();
  }

  record Result(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }
}
