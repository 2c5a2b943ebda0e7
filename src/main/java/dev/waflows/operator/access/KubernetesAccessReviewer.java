package dev.waflows.operator.access;

import dev.waflows.operator.management.AccessReviewer;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Reviews a bearer token with the API server: a TokenReview ({@code authentication.k8s.io/v1}) says
 * whose it is, then a SubjectAccessReview ({@code authorization.k8s.io/v1}) says whether that user,
 * with its groups, uid and extra attributes, may {@code get} the non-resource URL {@code path}.
 * Needs {@code create} on {@code tokenreviews} and {@code subjectaccessreviews} (the ClusterRole
 * {@code flows-key-operator-metrics-auth} in deploy/); whom to let in is then an RBAC rule on
 * {@code nonResourceURLs}, e.g. the ClusterRole {@code flows-key-operator-metrics-reader}.
 *
 * <p>The API server echoes the token in its TokenReview answer: neither that answer nor a client
 * exception's text (which may quote it) is logged or passed on.
 */
public final class KubernetesAccessReviewer implements AccessReviewer {

  /** A review the API server refused or failed: status code only, no text of the answer. */
  public static final class ReviewFailed extends Exception {
    ReviewFailed(String review, int code) {
      super(review + " failed" + (code > 0 ? " with HTTP " + code : ""), null, false, false);
    }
  }

  private final KubernetesClient client;
  private final String path;

  /**
   * @param path the non-resource URL asked about, e.g. {@code /metrics}
   */
  public KubernetesAccessReviewer(KubernetesClient client, String path) {
    this.client = client;
    this.path = path;
  }

  @Override
  public Access review(String token) throws ReviewFailed {
    TokenReviewStatus identity = authenticate(token);
    if (identity == null
        || !Boolean.TRUE.equals(identity.getAuthenticated())
        || identity.getUser() == null) {
      return Access.UNAUTHENTICATED;
    }
    return authorize(identity.getUser()) ? Access.ALLOWED : Access.FORBIDDEN;
  }

  private TokenReviewStatus authenticate(String token) throws ReviewFailed {
    TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
    try {
      return client.authentication().v1().tokenReviews().create(review).getStatus();
    } catch (KubernetesClientException e) {
      throw new ReviewFailed("TokenReview", e.getCode());
    }
  }

  private boolean authorize(UserInfo user) throws ReviewFailed {
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user.getUsername())
            .withUid(user.getUid())
            .withGroups(user.getGroups())
            .withExtra(user.getExtra())
            .withNewNonResourceAttributes()
            .withPath(path)
            .withVerb("get")
            .endNonResourceAttributes()
            .endSpec()
            .build();
    try {
      SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
      return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
    } catch (KubernetesClientException e) {
      throw new ReviewFailed("SubjectAccessReview", e.getCode());
    }
  }
}
