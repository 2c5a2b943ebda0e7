package dev.waflows.operator.bench;

import java.time.Duration;

/**
 * The least time a fleet can converge in, whatever the operator does. Pure.
 *
 * <p>Key generation is CPU on the cores and Graph calls are I/O waiting on the budget, so the two
 * overlap: the slower of them sets the pace. On top comes one number's GET → POST → GET chain,
 * which nothing overlaps: the last number's calls start only once its key exists and follow each
 * other.
 */
final class LowerBound {

  private LowerBound() {}

  /**
   * @param keygenSeconds mean time to generate one key on one core
   * @param keysGenerated keys the operator must generate
   * @param cores cores the key generation can use
   * @param calls Graph calls needed
   * @param latency Graph's time per call
   * @param inFlight calls in flight at once (the operator's per-token limit; the benchmark uses one
   *     token)
   * @param callsPerSecond the operator's Graph budget
   */
  static double seconds(
      double keygenSeconds,
      int keysGenerated,
      int cores,
      int calls,
      Duration latency,
      int inFlight,
      double callsPerSecond) {
    return secondsWithControlPlane(
        keygenSeconds, keysGenerated, 0, cores, calls, latency, inFlight, callsPerSecond);
  }

  /**
   * The same bound when the API server and etcd share the cores with the operator, as on the
   * development machine: their CPU for the writes the work needs ({@code controlPlaneSeconds},
   * measured by {@link ApiWriteCost}) adds to key generation's.
   */
  static double secondsWithControlPlane(
      double keygenSeconds,
      int keysGenerated,
      double controlPlaneSeconds,
      int cores,
      int calls,
      Duration latency,
      int inFlight,
      double callsPerSecond) {
    double perCall = latency.toNanos() / 1e9;
    double keygen = (keygenSeconds * keysGenerated + controlPlaneSeconds) / cores;
    double graph = Math.max(calls * perCall / inFlight, calls / callsPerSecond);
    double chain = 3 * perCall;
    return Math.max(keygen, graph) + chain;
  }
}
