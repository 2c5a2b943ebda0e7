package dev.waflows.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportSectionsTest {

  @Test
  void aManualBaselineThatDidNotRunIsNotRunNotZero() {
    Map<Integer, Double> operator = Map.of(100, 16.2);

    List<String> lines =
        ReportSections.manualBaseline(new LinkedHashMap<>(), operator, "--convergence-only");

    assertThat(lines).containsExactly("not run (--convergence-only).");
  }

  @Test
  void sizesAboveTheLargestManualRunAreExtrapolatedFromIt() {
    Map<Integer, Double> manual = new LinkedHashMap<>();
    manual.put(1, 2.0);
    manual.put(5, 10.0);
    Map<Integer, Double> operator = new LinkedHashMap<>();
    operator.put(100, 20.0);

    List<String> lines = ReportSections.manualBaseline(manual, operator, "");

    assertThat(lines)
        .containsExactly(
            "| N | manual s | operator s (keys generated) | speedup |",
            "|---:|---:|---:|---:|",
            "| 1 | 2.0 | not run | - |",
            "| 5 | 10.0 | not run | - |",
            "| 100 | 200 (extrapolated) | 20.0 | 10.0x |");
  }

  @Test
  void aTableWithoutRowsSaysNotRun() {
    assertThat(ReportSections.tableOrNotRun(List.of("| a |", "|---|"), List.of(), ""))
        .containsExactly("not run.");
    assertThat(ReportSections.tableOrNotRun(List.of("| a |", "|---|"), List.of("| 1 |"), ""))
        .containsExactly("| a |", "|---|", "| 1 |");
  }
}
