package dev.waflows.operator.bench;

import dev.waflows.sandbox.SecondCount;
import java.util.ArrayList;
import java.util.List;

/**
 * Graph calls per second in a window after an operator start, summed up: the peak, the first
 * minute, and how the calls spread over the window. Pure.
 *
 * @param perSecond calls in each second of the window, from its first second
 * @param peak the most calls in one second
 * @param peakAt seconds from the start of the window to that second
 * @param firstMinute calls in the first 60 seconds
 * @param total calls in the whole window
 * @param ninetyPercentBy seconds from the start by which 90 % of the window's calls were made
 * @param secondsWithCalls seconds of the window in which at least one call was made
 */
record BurstSummary(
    int[] perSecond,
    int peak,
    int peakAt,
    int firstMinute,
    int total,
    int ninetyPercentBy,
    int secondsWithCalls) {

  /** The seconds of {@code timeline} from {@code startSecond} on, {@code windowSeconds} long. */
  static BurstSummary of(List<SecondCount> timeline, long startSecond, int windowSeconds) {
    int[] counts = new int[windowSeconds];
    for (SecondCount s : timeline) {
      long at = s.epochSecond() - startSecond;
      if (at >= 0 && at < windowSeconds) {
        counts[(int) at] += s.requests();
      }
    }
    int peak = 0;
    int peakAt = 0;
    int total = 0;
    int firstMinute = 0;
    int withCalls = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > peak) {
        peak = counts[i];
        peakAt = i;
      }
      total += counts[i];
      if (i < 60) {
        firstMinute += counts[i];
      }
      if (counts[i] > 0) {
        withCalls++;
      }
    }
    int ninety = 0;
    int running = 0;
    for (int i = 0; i < counts.length && total > 0; i++) {
      running += counts[i];
      if (running * 10L >= total * 9L) {
        ninety = i + 1;
        break;
      }
    }
    return new BurstSummary(counts, peak, peakAt, firstMinute, total, ninety, withCalls);
  }

  /** Calls in each {@code bucket}-second slice of the window. */
  List<Integer> buckets(int bucket) {
    List<Integer> out = new ArrayList<>();
    for (int from = 0; from < perSecond.length; from += bucket) {
      int sum = 0;
      for (int i = from; i < Math.min(perSecond.length, from + bucket); i++) {
        sum += perSecond[i];
      }
      out.add(sum);
    }
    return out;
  }
}
