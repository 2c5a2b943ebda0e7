package dev.waflows.operator.reconciler.verification;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.graph.AccessToken;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.keys.LoadedKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Verifies every phone number of one resource, side by side on {@link NumberWorkers}. One bad
 * number does not stop the others; a failure that repeats for every number with the token (a
 * refused token, a permission the token lacks, a rate limit) does: a number whose check has not
 * started by then gets the same failure without a call, because it would meet it too.
 */
public class NumberRound {

  private final PhoneNumberVerifier verifier;
  private final Executor workers;
  private final GraphEndpoint endpoint;
  private final AccessToken token;
  private final LoadedKey key;
  private final RegistrationPolicy policy;
  private final AtomicReference<NumberObservation.Failed> stopper = new AtomicReference<>();

  /**
   * @param policy whether each number may be POSTed the current key
   */
  public NumberRound(
      PhoneNumberVerifier verifier,
      Executor workers,
      GraphEndpoint endpoint,
      AccessToken token,
      LoadedKey key,
      RegistrationPolicy policy) {
    this.verifier = verifier;
    this.workers = workers;
    this.endpoint = endpoint;
    this.token = token;
    this.key = key;
    this.policy = policy;
  }

  /** What a round learned: one observation per distinct number, in spec order. */
  public record Result(List<NumberObservation> observations) {

    /** Whether any number must be looked at again soon (a failure or a conflict). */
    public boolean anyFailed() {
      return observations.stream()
          .anyMatch(
              o ->
                  o instanceof NumberObservation.Failed
                      || o instanceof NumberObservation.Conflicted);
    }

    /** Whether some number's registration waits for the endpoint to open our key. */
    public boolean waitingForEndpoint() {
      return observations.stream()
          .anyMatch(
              o ->
                  o instanceof NumberObservation.Checked c
                      && c.note() == NumberObservation.Note.WAITING_FOR_ENDPOINT);
    }

    /** The longest wait Graph asked for, if any. */
    public Optional<Duration> retryAfter() {
      return observations.stream()
          .flatMap(
              o ->
                  o instanceof NumberObservation.Failed f
                      ? f.retryAfter().stream()
                      : Stream.empty())
          .max(Duration::compareTo);
    }
  }

  /**
   * @param otherOwners per number managed by another resource, how to refer to that resource
   */
  public Result run(FlowsEncryptionKey resource, Map<String, String> otherOwners) {
    List<CompletableFuture<NumberObservation>> pending = new ArrayList<>();
    for (String id : new LinkedHashSet<>(resource.getSpec().getPhoneNumberIds())) {
      String owner = otherOwners.get(id);
      pending.add(
          owner != null
              ? CompletableFuture.completedFuture(new NumberObservation.Conflicted(id, owner))
              : CompletableFuture.supplyAsync(() -> check(id), workers));
    }
    List<NumberObservation> seen = new ArrayList<>();
    for (CompletableFuture<NumberObservation> p : pending) {
      try {
        seen.add(p.join());
      } catch (CompletionException e) {
        // A bug, not a Graph answer: fail the reconcile as a sequential check would have.
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    return new Result(List.copyOf(seen));
  }

  private NumberObservation check(String id) {
    NumberObservation.Failed stop = stopper.get();
    if (stop != null) {
      return new NumberObservation.Failed(
          id, stop.reason(), stop.message(), stop.retryAfter(), true);
    }
    NumberObservation o = verifier.verify(endpoint, token, id, key, policy);
    if (o instanceof NumberObservation.Failed f && f.repeatsForOtherNumbers()) {
      stopper.compareAndSet(null, f);
    }
    return o;
  }
}
