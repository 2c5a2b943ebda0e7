package dev.waflows.operator.reconciler;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.graph.AccessToken;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.GraphErrorReason;
import dev.waflows.operator.keys.LoadedKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies every phone number of one resource, one after another. One bad number does not stop the
 * others; a refused token or a rate limit does, because every later call would meet it too.
 */
class NumberRound {

  private final PhoneNumberVerifier verifier;
  private final GraphEndpoint endpoint;
  private final AccessToken token;
  private final LoadedKey key;
  private final Mode mode;
  private Optional<Duration> retryAfter = Optional.empty();
  private boolean anyFailed;

  NumberRound(
      PhoneNumberVerifier verifier,
      GraphEndpoint endpoint,
      AccessToken token,
      LoadedKey key,
      Mode mode) {
    this.verifier = verifier;
    this.endpoint = endpoint;
    this.token = token;
    this.key = key;
    this.mode = mode;
  }

  /**
   * @param otherOwners per number, the older resource that manages it instead, if any
   */
  List<NumberObservation> run(
      FlowsEncryptionKey resource, Map<String, Optional<FlowsEncryptionKey>> otherOwners) {
    List<NumberObservation> seen = new ArrayList<>();
    NumberObservation.Failed stopper = null;
    for (String id : new LinkedHashSet<>(resource.getSpec().getPhoneNumberIds())) {
      Optional<FlowsEncryptionKey> owner = otherOwners.getOrDefault(id, Optional.empty());
      if (owner.isPresent()) {
        anyFailed = true;
        seen.add(new NumberObservation.Conflicted(id, PhoneNumberClaims.displayName(owner.get())));
        continue;
      }
      if (stopper != null) {
        seen.add(
            new NumberObservation.Failed(
                id, stopper.reason(), stopper.message(), stopper.retryAfter()));
        continue;
      }
      NumberObservation o = verifier.verify(endpoint, token, id, key, mode);
      seen.add(o);
      if (o instanceof NumberObservation.Failed f) {
        anyFailed = true;
        f.retryAfter().ifPresent(d -> retryAfter = Optional.of(longer(d)));
        if (f.reason() == GraphErrorReason.InvalidToken
            || f.reason() == GraphErrorReason.RateLimited) {
          stopper = f;
        }
      }
    }
    return seen;
  }

  Optional<Duration> retryAfter() {
    return retryAfter;
  }

  boolean anyFailed() {
    return anyFailed;
  }

  private Duration longer(Duration d) {
    return retryAfter.filter(r -> r.compareTo(d) > 0).orElse(d);
  }
}
