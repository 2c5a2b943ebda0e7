package dev.waflows.operator.graph;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;

/**
 * Prints how long a victim token's calls take while other tokens flood the Graph client: the
 * operator-wide ceiling is 20 requests per second, 8 in flight per token, Graph (a local fake)
 * answers in 30 ms. Each flooding token has 16 threads calling as fast as they are let through (as
 * reconcile threads and phone-number workers of a tenant with many resources would); the victim
 * makes 9 calls one after the other (three numbers, GET-POST-GET each, as one resource's round). A
 * main, not a test: figures, not assertions, never run by Surefire. Run after {@code mvn
 * test-compile} with
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.waflows.operator.graph.GraphFairnessBenchmark
 * </pre>
 *
 * where cp.txt comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class GraphFairnessBenchmark {

  private static final String BODY =
      "{\"business_public_key\":\"-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----\","
          + "\"business_public_key_signature_status\":\"VALID\"}";
  private static final int THREADS_PER_FLOODER = 16;
  private static final int VICTIM_CALLS = 9;
  private static final int VICTIM_ROUNDS = 5;

  private GraphFairnessBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              Thread.sleep(30);
              return new MockResponse(200, Headers.of("Content-Type", "application/json"), BODY);
            }
          });
      server.start();
      GraphEndpoint endpoint = GraphEndpoint.of(server.url("/").toString(), null, null);
      for (int flooders : new int[] {0, 1, 4}) {
        run(endpoint, flooders);
      }
    }
  }

  private static void run(GraphEndpoint endpoint, int flooders) throws Exception {
    GraphClient client =
        new GraphClient(
            new GraphClientSettings(
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Duration.ofSeconds(20),
                1,
                Duration.ofSeconds(30),
                Duration.ofMillis(500),
                20,
                8,
                AllowedBaseUrls.unrestricted(),
                OutboundProxy.NONE),
            new SimpleMeterRegistry());
    AtomicBoolean flooding = new AtomicBoolean(true);
    AtomicInteger floodServed = new AtomicInteger();
    AtomicInteger floodRefused = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, flooders * THREADS_PER_FLOODER));
    for (int f = 0; f < flooders; f++) {
      AccessToken token = AccessToken.of("EAAfloodingTokenNumber" + f + "abcdefghijklmnop");
      for (int t = 0; t < THREADS_PER_FLOODER; t++) {
        pool.submit(
            () -> {
              while (flooding.get()) {
                try {
                  client.get(endpoint, "1065403522" + floodServed.get(), token);
                  floodServed.incrementAndGet();
                } catch (GraphApiException e) {
                  floodRefused.incrementAndGet();
                }
              }
            });
      }
    }
    Thread.sleep(flooders == 0 ? 0 : 3_000); // let the flood fill every queue first
    AccessToken victim = AccessToken.of("EAAvictimTokenOfAnotherTenant1234567890");
    List<Long> calls = new ArrayList<>();
    long[] rounds = new long[VICTIM_ROUNDS];
    int victimRefused = 0;
    long floodStart = System.nanoTime();
    int servedBefore = floodServed.get();
    for (int r = 0; r < VICTIM_ROUNDS; r++) {
      long roundStart = System.nanoTime();
      for (int i = 0; i < VICTIM_CALLS; i++) {
        long start = System.nanoTime();
        try {
          client.get(endpoint, "2065403522" + i, victim);
        } catch (GraphApiException e) {
          victimRefused++;
        }
        calls.add(System.nanoTime() - start);
      }
      rounds[r] = System.nanoTime() - roundStart;
    }
    double floodRate =
        (floodServed.get() - servedBefore) / ((System.nanoTime() - floodStart) / 1e9);
    flooding.set(false);
    pool.shutdown();
    pool.awaitTermination(60, TimeUnit.SECONDS);
    client.close();
    long[] perCall = calls.stream().mapToLong(Long::longValue).sorted().toArray();
    Arrays.sort(rounds);
    System.out.printf(
        "%d flooding token(s): victim round (9 calls) median %d ms, max %d ms; victim call median"
            + " %d ms, p90 %d ms, max %d ms; victim refused %d/%d; flood served %.1f/s, refused"
            + " %d%n",
        flooders,
        ms(rounds[rounds.length / 2]),
        ms(rounds[rounds.length - 1]),
        ms(perCall[perCall.length / 2]),
        ms(perCall[perCall.length * 9 / 10]),
        ms(perCall[perCall.length - 1]),
        victimRefused,
        perCall.length,
        floodRate,
        floodRefused.get());
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
