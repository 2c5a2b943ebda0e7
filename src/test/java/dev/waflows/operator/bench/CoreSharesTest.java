package dev.waflows.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CoreSharesTest {

  @Test
  void whatTheOthersUsedIsTheBusyTimeThatWasNotTheOperatorsSpreadOverTheCores() {
    CoreShares before = new CoreShares(1000, 400, 50, 20, 10);
    CoreShares after = new CoreShares(1250, 645, 210, 60, 40);

    CoreShares round = after.since(before);

    assertThat(round.total()).isEqualTo(250);
    assertThat(round.busy()).isEqualTo(245);
    assertThat(round.others()).isEqualTo(85);
    assertThat(round.secondsTakenFromOperator(2)).isCloseTo(42.5, within(1e-9));
    assertThat(round.describe())
        .contains("245 of 250 core-seconds busy (98%)")
        .contains("operator 160.0")
        .contains("kube-apiserver + etcd 40.0")
        .contains("benchmark JVM (Graph sandbox, clients, watches) 30.0")
        .contains("other processes 15.0");
  }

  @Test
  void theProcessesOfThisMachineCanBeRead() {
    long self = ProcessHandle.current().pid();
    assertThat(CpuSnapshot.processSeconds(self)).isPositive();
  }
}
