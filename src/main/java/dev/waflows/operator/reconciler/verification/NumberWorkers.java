package dev.waflows.operator.reconciler.verification;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that check the phone numbers of one resource side by side, so that a resource with three
 * numbers takes one GET-POST-GET chain of Graph latency instead of three. Shared by all resources
 * and bounded: when every worker is busy, the reconciler thread checks the number itself. The Graph
 * client's budget still bounds the calls; idle workers end after a minute.
 */
public final class NumberWorkers {

  static final int MAX_WORKERS = 64;

  private NumberWorkers() {}

  public static Executor create() {
    AtomicInteger next = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            0,
            MAX_WORKERS,
            1,
            TimeUnit.MINUTES,
            new SynchronousQueue<>(),
            task -> {
              Thread t = new Thread(task, "phone-number-" + next.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    return pool;
  }
}
