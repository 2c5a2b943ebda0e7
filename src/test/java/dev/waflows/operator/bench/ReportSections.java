package dev.waflows.operator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's tables for rounds that may not have run (--convergence-only, --rotation-only...). A
 * round that did not run is said to be "not run": no zero, no figure extrapolated from nothing, no
 * table with a header and no rows.
 */
final class ReportSections {

  static final String NOT_RUN = "not run";

  private ReportSections() {}

  /** {@code header} and {@code rows} as a Markdown table, or the words "not run" if no rows. */
  static List<String> tableOrNotRun(List<String> header, List<String> rows, String why) {
    if (rows.isEmpty()) {
      return List.of(notRun(why));
    }
    List<String> lines = new ArrayList<>(header);
    lines.addAll(rows);
    return lines;
  }

  /** "not run", with the reason in brackets when there is one. */
  static String notRun(String why) {
    return why.isEmpty() ? NOT_RUN + "." : NOT_RUN + " (" + why + ").";
  }

  /**
   * The manual baseline beside the operator's convergence with keys generated. Sizes above the
   * largest manual run are extrapolated from its per-resource time; without a manual run there is
   * nothing to extrapolate from, and the section says "not run".
   *
   * @param manualSeconds manual routine's seconds by resource count, in the order run
   * @param operatorSeconds operator's seconds (keys generated) by resource count
   */
  static List<String> manualBaseline(
      Map<Integer, Double> manualSeconds, Map<Integer, Double> operatorSeconds, String why) {
    List<String> rows = new ArrayList<>();
    double perResource = 0;
    int largestManual = 0;
    for (var e : manualSeconds.entrySet()) {
      Double op = operatorSeconds.get(e.getKey());
      rows.add(
          String.format(
              "| %,d | %.1f | %s | %s |",
              e.getKey(),
              e.getValue(),
              op == null ? NOT_RUN : String.format("%.1f", op),
              op == null ? "-" : String.format("%.1fx", e.getValue() / op)));
      perResource = e.getValue() / e.getKey();
      largestManual = e.getKey();
    }
    if (!manualSeconds.isEmpty()) {
      for (var e : operatorSeconds.entrySet()) {
        if (e.getKey() > largestManual) {
          double extrapolated = perResource * e.getKey();
          rows.add(
              String.format(
                  "| %,d | %.0f (extrapolated) | %.1f | %.1fx |",
                  e.getKey(), extrapolated, e.getValue(), extrapolated / e.getValue()));
        }
      }
    }
    return tableOrNotRun(
        List.of(
            "| N | manual s | operator s (keys generated) | speedup |", "|---:|---:|---:|---:|"),
        rows,
        why);
  }
}
