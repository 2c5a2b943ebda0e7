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
 * CPU time of the operator (the whole process, and its live threads grouped by name, digits
 * dropped: the 50 reconcile threads are one group) and of the whole machine, from /proc; two
 * snapshots tell where a round's CPU went and whether the cores were busy.
 *
 * <p>Threads are compared by id, not by name: JOSDK renames a reconcile thread while it runs a
 * reconcile (ReconcilerExecutor-...) and back (pool-N-thread-M), so a group by name would count a
 * thread's whole life in one group and drop it from the other.
 *
 * @param threads per live thread id, its name and user + system seconds so far
 * @param process user + system seconds of the whole process, ended threads included
 * @param machineBusy seconds all cores spent busy (neither idle nor waiting for I/O)
 * @param machineTotal seconds all cores spent in total
 */
record CpuSnapshot(
    Map<String, ThreadCpu> threads, double process, double machineBusy, double machineTotal) {

  private static final double CLOCK_TICKS = 100;

  /** One thread's name and CPU seconds. */
  record ThreadCpu(String group, double seconds) {}

  static CpuSnapshot of(long pid) {
    Map<String, ThreadCpu> threads = new HashMap<>();
    Path proc = Path.of("/proc", String.valueOf(pid));
    try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          threads.put(
              task.getFileName().toString(),
              new ThreadCpu(name.replaceAll("[0-9]+", "#"), seconds(stat)));
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
      double process = seconds(Files.readString(proc.resolve("stat")));
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      double total = 0;
      for (int i = 1; i < Math.min(cpu.length, 9); i++) {
        total += Long.parseLong(cpu[i]);
      }
      double idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      return new CpuSnapshot(threads, process, (total - idle) / CLOCK_TICKS, total / CLOCK_TICKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** User + system CPU seconds of process {@code pid} so far. */
  static double processSeconds(long pid) {
    try {
      return seconds(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** utime + stime of a /proc stat line. */
  private static double seconds(String stat) {
    // After "pid (comm) ", field 3 (state) is f[0]: utime is field 14, stime field 15.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
  }

  /** The CPU each thread group used since {@code earlier}, by the names threads have now. */
  Map<String, Double> usedByGroup(CpuSnapshot earlier) {
    Map<String, Double> used = new HashMap<>();
    threads.forEach(
        (tid, now) -> {
          ThreadCpu before = earlier.threads.get(tid);
          used.merge(
              now.group(), now.seconds() - (before == null ? 0 : before.seconds()), Double::sum);
        });
    return used;
  }

  /** What happened between {@code earlier} and this snapshot, in one line. */
  String since(CpuSnapshot earlier, double wallSeconds, int top) {
    List<Map.Entry<String, Double>> used =
        usedByGroup(earlier).entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
            .toList();
    StringBuilder s =
        new StringBuilder(
            String.format(
                "machine %.1f of %.1f core-seconds busy (%.0f%%), operator %.1f s CPU in %.1f s:",
                machineBusy - earlier.machineBusy,
                machineTotal - earlier.machineTotal,
                100
                    * (machineBusy - earlier.machineBusy)
                    / Math.max(1e-9, machineTotal - earlier.machineTotal),
                process - earlier.process,
                wallSeconds));
    used.stream()
        .limit(top)
        .forEach(e -> s.append(String.format(" %s %.1f s;", e.getKey(), e.getValue())));
    return s.toString();
  }
}
