package dev.waflows.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SteadyWindowTest {

  @Test
  void eachMeasureGetsItsTargetInTheOrderMeasured() {
    Map<String, String> steady = new LinkedHashMap<>();
    steady.put("Graph GETs per number per interval", "1.000");
    steady.put("Graph POSTs", "0");
    steady.put("Kubernetes writes", "0");
    steady.put("API server write requests", "2");
    steady.put("Operator CPU", "40 s/hour");

    assertThat(SteadyWindow.rows(steady))
        .containsExactly(
            "| Graph GETs per number per interval | 1.000 | 1 |",
            "| Graph POSTs | 0 | 0 |",
            "| Kubernetes writes | 0 | 0 |",
            "| API server write requests | 2 | 0 from the operator |",
            "| Operator CPU | 40 s/hour | - |");
  }

  @Test
  void noMeasureNoRow() {
    assertThat(SteadyWindow.rows(Map.of())).isEmpty();
  }
}
