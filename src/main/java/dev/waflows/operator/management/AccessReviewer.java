package dev.waflows.operator.management;

/**
 * Decides whether the holder of a bearer token may read a path: in a cluster, a TokenReview then a
 * SubjectAccessReview by the API server. Implementations block; {@link AccessDecisions} runs them
 * off the server's threads, bounded, with a timeout, and remembers the answers for a while.
 */
@FunctionalInterface
public interface AccessReviewer {

  /** What a review concluded about a token. */
  enum Access {
    /** The token belongs to someone who may read the path: 200. */
    ALLOWED,
    /** The token is valid, but its holder may not read the path: 403. */
    FORBIDDEN,
    /** The token is not valid (unknown, expired, revoked): 401. */
    UNAUTHENTICATED
  }

  /**
   * Reviews {@code token}. An exception means no decision (the API server could not be asked): the
   * request is answered 503 and nothing is remembered. Implementations must keep the token out of
   * exception messages and logs.
   */
  Access review(String token) throws Exception;
}
