package dev.waflows.operator.bench;

/**
 * Who used the machine's cores over a stretch of a round, from /proc: the operator, the API server
 * and etcd, this benchmark's own JVM (the Graph sandbox, the simulated clients, the watches) and
 * everything else. On the shared two cores the others' CPU is time the operator could not have had,
 * which the lower bound does not count.
 *
 * @param total core-seconds that passed (busy or not)
 * @param busy core-seconds spent busy, by anyone
 */
record CoreShares(
    double total, double busy, double operator, double controlPlane, double benchmark) {

  static CoreShares of(long operatorPid) {
    CpuSnapshot machine = CpuSnapshot.of(operatorPid);
    return new CoreShares(
        machine.machineTotal(),
        machine.machineBusy(),
        machine.process(),
        ApiWriteCost.controlPlaneCpuSeconds(),
        CpuSnapshot.processSeconds(ProcessHandle.current().pid()));
  }

  CoreShares since(CoreShares earlier) {
    return new CoreShares(
        total - earlier.total,
        busy - earlier.busy,
        operator - earlier.operator,
        controlPlane - earlier.controlPlane,
        benchmark - earlier.benchmark);
  }

  /** Busy core-seconds not the operator's. */
  double others() {
    return Math.max(0, busy - operator);
  }

  /** Wall seconds the others took from the operator, with every core busy: their share spread. */
  double secondsTakenFromOperator(int cores) {
    return others() / cores;
  }

  String describe() {
    return String.format(
        "%.0f of %.0f core-seconds busy (%.0f%%): operator %.1f, kube-apiserver + etcd %.1f,"
            + " benchmark JVM (Graph sandbox, clients, watches) %.1f, other processes %.1f",
        busy,
        total,
        100 * busy / Math.max(1e-9, total),
        operator,
        controlPlane,
        benchmark,
        Math.max(0, busy - operator - controlPlane - benchmark));
  }
}
