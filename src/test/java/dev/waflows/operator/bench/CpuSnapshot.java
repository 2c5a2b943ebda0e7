package dev.waflows.operator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the operator's threads (grouped by name, digits dropped: the 50 reconcile threads are
 * one group) and of the whole machine, from /proc; two snapshots tell where a round's CPU went and
 * whether the cores were busy.
 *
 * @param byThreadGroup user + system seconds per thread-name group
 * @param machineBusy seconds all cores spent busy (neither idle nor waiting for I/O)
 * @param machineTotal seconds all cores spent in total
 */
record CpuSnapshot(Map<String, Double> byThreadGroup, double machineBusy, double machineTotal) {

  private static final double CLOCK_TICKS = 100;

  static CpuSnapshot of(long pid) {
    Map<String, Double> groups = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
          groups.merge(name.replaceAll("[0-9]+", "#"), seconds, Double::sum);
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      double total = 0;
      for (int i = 1; i < Math.min(cpu.length, 9); i++) {
        total += Long.parseLong(cpu[i]);
      }
      double idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      return new CpuSnapshot(groups, (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What happened between {@code earlier} and this snapshot, in one line. */
  String since(CpuSnapshot earlier, double wallSeconds, int top) {
    List<Map.Entry<String, Double>> used =
        byThreadGroup.entrySet().stream()
            .map(
                e ->
                    Map.entry(
                        e.getKey(),
                        e.getValue() - earlier.byThreadGroup.getOrDefault(e.getKey(), 0.0)))
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
            .toList();
    double operator = used.stream().mapToDouble(Map.Entry::getValue).sum();
    StringBuilder s =
        new StringBuilder(
            String.format(
                "machine %.1f of %.1f core-seconds busy (%.0f%%), operator %.1f s CPU in %.1f s:",
                machineBusy - earlier.machineBusy,
                machineTotal - earlier.machineTotal,
                100
                    * (machineBusy - earlier.machineBusy)
                    / Math.max(1e-9, machineTotal - earlier.machineTotal),
                operator,
                wallSeconds));
    used.stream()
        .limit(top)
        .forEach(e -> s.append(String.format(" %s %.1f s;", e.getKey(), e.getValue())));
    return s.toString();
  }
}
