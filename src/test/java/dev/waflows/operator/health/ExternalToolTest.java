package dev.waflows.operator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalToolTest {

  @Test
  void aMissingToolFailsTheTestInCiAndSkipsItElsewhere() {
    ExternalTool missing = new ExternalTool("no-such-tool-for-flows-tests", "no-such-package");
    assertThat(missing.installed()).isFalse();
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    assertThatThrownBy(missing::require)
        .isInstanceOf(ci ? AssertionFailedError.class : TestAbortedException.class)
        .hasMessageContaining("apt-get install no-such-package");
  }

  @Test
  void runsAnInstalledToolWithStdinAndArguments() throws Exception {
    ExternalTool.Run run =
        ExternalTool.LUA.run("io.write(arg[1], io.read('*a'))", List.of("-", "x"));
    assertThat(run).isEqualTo(new ExternalTool.Run(0, "x", ""));
  }
}
