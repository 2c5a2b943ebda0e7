package dev.waflows.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One version names a release everywhere a user meets it: the pom's version is the image tag that
 * deploy/ installs, the tag the README builds, pins and names, and the newest CHANGELOG entry.
 */
class ReleaseVersionTest {

  @Test
  void theImagesDeployInstallsCarryThePomsVersion() throws Exception {
    String version = PomVersion.read();
    for (String install : List.of("deploy/", "deploy/overlays/sharded")) {
      for (Deployment d : DeployManifests.render(install).all(Deployment.class)) {
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
            .as("%s in %s", d.getMetadata().getName(), install)
            .endsWith(":" + version);
      }
    }
  }

  @Test
  void theReadmeAndTheDockerfileBuildPinAndNameThePomsVersion() throws Exception {
    String version = PomVersion.read();
    String readme = Files.readString(Path.of("README.md"));
    for (String pattern :
        List.of(
            "newTag: (\\S+)",
            "\\?ref=v([^\\s)]+)",
            "VERSION=(\\S+)",
            "blob/v(\\d+\\.\\d+\\.\\d+)/README")) {
      assertThat(all(pattern, readme)).as("README: %s", pattern).isNotEmpty().containsOnly(version);
    }
    assertThat(all("flows-key-operator:(\\d+\\.\\d+\\.\\d+\\S*)", read("Dockerfile")))
        .isNotEmpty()
        .containsOnly(version);
    assertThat(all("newTag: (\\S+)", read("deploy/overlays/sharded/kustomization.yaml")))
        .containsOnly(version);
  }

  @Test
  void theChangelogsNewestEntryIsThisVersion() throws Exception {
    List<String> releases = all("(?m)^## \\[([^\\]]+)\\]", read("CHANGELOG.md"));
    assertThat(releases).isNotEmpty();
    assertThat(releases.get(0)).isEqualTo(PomVersion.read());
  }

  @Test
  void theLicenceIsApache2InTheRepositoryAndThePom() throws Exception {
    assertThat(read("LICENSE")).contains("Apache License", "Version 2.0, January 2004");
    assertThat(read("pom.xml")).contains("<licenses>", "<name>Apache-2.0</name>");
  }

  private static String read(String file) throws Exception {
    return Files.readString(Path.of(file));
  }

  private static List<String> all(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
