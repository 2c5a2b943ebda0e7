package dev.waflows.operator.e2e;

import dev.waflows.operator.e2e.RotationIT.Endpoint;
import dev.waflows.operator.e2e.RotationIT.Sealed;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.sandbox.GraphSandbox;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WhatsApp client of the end-to-end tests: every 150 ms it seals a request for each number to
 * whatever key Graph holds for it at that moment and sends it through the resource's endpoint, then
 * sends it again {@link RotationIT#IN_FLIGHT} later (a request that was slow to arrive).
 */
final class WhatsAppClient {

  final AtomicInteger opened = new AtomicInteger();
  final List<String> failures = new CopyOnWriteArrayList<>();
  private final GraphSandbox graph;
  private final Map<String, Endpoint> endpoints;
  private final Map<String, List<String>> numbers;
  private final ConcurrentLinkedQueue<Sealed> inFlight = new ConcurrentLinkedQueue<>();

  /**
   * @param endpoints each resource's endpoint, by resource name
   * @param numbers each resource's phone number ids, by resource name
   */
  WhatsAppClient(
      GraphSandbox graph, Map<String, Endpoint> endpoints, Map<String, List<String>> numbers) {
    this.graph = graph;
    this.endpoints = endpoints;
    this.numbers = numbers;
  }

  /** Starts sending until {@code running} goes false; returns the threads, to join. */
  List<Thread> start(AtomicBoolean running) {
    Thread now =
        RotationIT.thread(
            () ->
                numbers.forEach(
                    (name, ids) -> {
                      for (String id : ids) {
                        graph
                            .storedKey(id)
                            .flatMap(k -> PublicKeys.parsePem(k.pem()))
                            .map(k -> RotationIT.seal(name, k))
                            .ifPresent(
                                s -> {
                                  RotationIT.send(s, endpoints.get(name), opened, failures);
                                  inFlight.add(s);
                                });
                      }
                    }),
            running,
            150);
    Thread late =
        RotationIT.thread(
            () -> {
              long t = System.currentTimeMillis();
              Sealed s;
              while ((s = inFlight.peek()) != null
                  && s.atMillis() + RotationIT.IN_FLIGHT.toMillis() <= t) {
                inFlight.poll();
                RotationIT.send(s, endpoints.get(s.resource()), opened, failures);
              }
            },
            running,
            50);
    return List.of(now, late);
  }
}
