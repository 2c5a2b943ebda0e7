package dev.waflows.operator.graph;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link GraphClient}; validated on construction.
 *
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout timeout between bytes of the answer
 * @param callTimeout whole request/answer exchange of one attempt
 * @param maxAttempts tries per call, including the first (1-10)
 * @param maxRetryTime no retry starts later than this after the first try (0 = no retry by time)
 * @param initialBackoff wait before the first retry; doubled for each further one, with jitter
 * @param requestsPerSecond request starts per second: the operator-wide ceiling, which a rate limit
 *     never lowers, shared equally between the access tokens calling at the time; each token also
 *     slows down on its own when Graph asks it to
 * @param maxConcurrentRequests requests in flight per access token
 * @param allowedBaseUrls where a token may be sent; any other endpoint is refused unsent
 * @param proxy the HTTP proxy calls go through, or {@link OutboundProxy#NONE}
 */
public record GraphClientSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    int maxAttempts,
    Duration maxRetryTime,
    Duration initialBackoff,
    double requestsPerSecond,
    int maxConcurrentRequests,
    AllowedBaseUrls allowedBaseUrls,
    OutboundProxy proxy) {

  static final int MAX_ATTEMPTS_LIMIT = 10;
  static final int MAX_CONCURRENT_LIMIT = 256;

  /**
   * @throws IllegalArgumentException naming the bad setting
   */
  public GraphClientSettings {
    Objects.requireNonNull(allowedBaseUrls, "allowedBaseUrls");
    Objects.requireNonNull(proxy, "proxy");
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("readTimeout", readTimeout);
    requirePositive("callTimeout", callTimeout);
    requirePositive("initialBackoff", initialBackoff);
    Objects.requireNonNull(maxRetryTime, "maxRetryTime");
    if (maxRetryTime.isNegative()) {
      throw new IllegalArgumentException("maxRetryTime must not be negative");
    }
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
      throw new IllegalArgumentException(
          "maxAttempts must be between 1 and " + MAX_ATTEMPTS_LIMIT + ", got " + maxAttempts);
    }
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "requestsPerSecond must be a positive number, got " + requestsPerSecond);
    }
    if (maxConcurrentRequests < 1 || maxConcurrentRequests > MAX_CONCURRENT_LIMIT) {
      throw new IllegalArgumentException(
          "maxConcurrentRequests must be between 1 and "
              + MAX_CONCURRENT_LIMIT
              + ", got "
              + maxConcurrentRequests);
    }
  }

  /**
   * Connect 5 s, read 15 s, call 20 s; 3 attempts within 30 s starting at 500 ms backoff; 20
   * requests per second for the whole process, 8 in flight per token; only {@link
   * AllowedBaseUrls#DEFAULT}; no proxy.
   */
  public static GraphClientSettings defaults() {
    return new GraphClientSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(20),
        3,
        Duration.ofSeconds(30),
        Duration.ofMillis(500),
        20.0,
        8,
        AllowedBaseUrls.defaults(),
        OutboundProxy.NONE);
  }

  /** These settings with another allow-list. */
  public GraphClientSettings withAllowedBaseUrls(AllowedBaseUrls allowed) {
    return new GraphClientSettings(
        connectTimeout,
        readTimeout,
        callTimeout,
        maxAttempts,
        maxRetryTime,
        initialBackoff,
        requestsPerSecond,
        maxConcurrentRequests,
        allowed,
        proxy);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
