package dev.waflows.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSnapshotTest {

  @Test
  void aThreadThatWasRenamedCountsOnlyWhatItUsedMeanwhile() {
    // JOSDK renames a reconcile thread while it works: 50 s used before, 2 s during the round.
    CpuSnapshot earlier =
        new CpuSnapshot(
            Map.of("11", new CpuSnapshot.ThreadCpu("ReconcilerExecu", 50)), 60, 100, 200);
    CpuSnapshot later =
        new CpuSnapshot(
            Map.of(
                "11", new CpuSnapshot.ThreadCpu("pool-#-thread-#", 52),
                "12", new CpuSnapshot.ThreadCpu("C# CompilerThre", 1)),
            64,
            110,
            220);

    assertThat(later.usedByGroup(earlier))
        .containsOnly(Map.entry("pool-#-thread-#", 2.0), Map.entry("C# CompilerThre", 1.0));
    assertThat(later.since(earlier, 10, 5))
        .startsWith("machine 10.0 of 20.0 core-seconds busy (50%), operator 4.0 s CPU in 10.0 s:");
  }

  @Test
  void theOperatorIsRead() {
    CpuSnapshot now = CpuSnapshot.of(ProcessHandle.current().pid());

    assertThat(now.process()).isPositive();
    assertThat(now.threads()).isNotEmpty();
  }
}
