package dev.waflows.operator.reconciler;

import dev.waflows.operator.graph.AccessToken;
import dev.waflows.operator.graph.GraphApiException;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.GraphErrorReason;
import dev.waflows.operator.graph.SignatureStatus;
import dev.waflows.operator.graph.StoredKey;
import dev.waflows.operator.graph.WhatsAppEncryptionApi;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Graph encryption edge for reconciler tests: the keys it holds per number, how often
 * it was called, and a switch that makes every call fail with a chosen reason.
 */
public final class FakeEncryptionApi implements WhatsAppEncryptionApi {

  /** What Graph holds per phone number; a POST stores the key with signature VALID. */
  public final Map<String, StoredKey> stored = new ConcurrentHashMap<>();

  public final AtomicInteger gets = new AtomicInteger();
  public final AtomicInteger posts = new AtomicInteger();

  private volatile GraphErrorReason failure;

  /** Every call from now on fails with this reason (null: calls succeed again). */
  public void failWith(GraphErrorReason reason) {
    this.failure = reason;
  }

  /** Forgets the call counts, not the stored keys. */
  public void resetCounts() {
    gets.set(0);
    posts.set(0);
  }

  public int calls() {
    return gets.get() + posts.get();
  }

  @Override
  public StoredKey get(GraphEndpoint endpoint, String phoneNumberId, AccessToken token)
      throws GraphApiException {
    gets.incrementAndGet();
    failIfSwitchedOn();
    return stored.getOrDefault(phoneNumberId, StoredKey.none());
  }

  @Override
  public void register(
      GraphEndpoint endpoint, String phoneNumberId, AccessToken token, String publicKeyPem)
      throws GraphApiException {
    posts.incrementAndGet();
    failIfSwitchedOn();
    stored.put(phoneNumberId, StoredKey.of(publicKeyPem, SignatureStatus.VALID));
  }

  private void failIfSwitchedOn() throws GraphApiException {
    GraphErrorReason reason = failure;
    if (reason != null) {
      throw GraphApiException.builder(reason, "switched on in the test: " + reason)
          .fbtraceId("AbCdEf123")
          .build();
    }
  }
}
