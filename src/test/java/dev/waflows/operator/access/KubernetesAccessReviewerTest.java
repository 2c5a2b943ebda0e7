package dev.waflows.operator.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waflows.operator.management.AccessReviewer.Access;
import dev.waflows.operator.testing.CapturedLogs;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reviews as the API server sees them: a fake that knows two ServiceAccount tokens and lets one
 * of them get /metrics, as an RBAC binding to the metrics-reader ClusterRole would.
 */
@EnableKubernetesMockClient
class KubernetesAccessReviewerTest {

  static final String PROMETHEUS_TOKEN = "prometheus-" + System.nanoTime();
  static final String TENANT_TOKEN = "tenant-" + System.nanoTime();
  static final String PROMETHEUS = "system:serviceaccount:monitoring:prometheus";

  KubernetesMockServer server;
  KubernetesClient client;
  final List<TokenReview> tokenReviews = new CopyOnWriteArrayList<>();
  final List<SubjectAccessReview> accessReviews = new CopyOnWriteArrayList<>();

  @BeforeEach
  void fakeApiServer() {
    server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(
            201,
            request -> {
              TokenReview asked = Serialization.unmarshal(request.getUtf8Body(), TokenReview.class);
              tokenReviews.add(asked);
              String token = asked.getSpec().getToken();
              String user =
                  token.equals(PROMETHEUS_TOKEN)
                      ? PROMETHEUS
                      : token.equals(TENANT_TOKEN) ? "system:serviceaccount:tenant:app" : null;
              // The real API server echoes the spec, token included.
              return new TokenReviewBuilder(asked)
                  .withNewStatus()
                  .withAuthenticated(user != null)
                  .withNewUser()
                  .withUsername(user)
                  .withUid(user == null ? null : "uid-" + user)
                  .withGroups(
                      user == null
                          ? null
                          : List.of("system:serviceaccounts", "system:authenticated"))
                  .withExtra(
                      user == null
                          ? null
                          : Map.of("authentication.kubernetes.io/pod-name", List.of("pod-1")))
                  .endUser()
                  .endStatus()
                  .build();
            })
        .always();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
        .andReply(
            201,
            request -> {
              SubjectAccessReview asked =
                  Serialization.unmarshal(request.getUtf8Body(), SubjectAccessReview.class);
              accessReviews.add(asked);
              var spec = asked.getSpec();
              boolean allowed =
                  PROMETHEUS.equals(spec.getUser())
                      && spec.getNonResourceAttributes() != null
                      && "/metrics".equals(spec.getNonResourceAttributes().getPath())
                      && "get".equals(spec.getNonResourceAttributes().getVerb());
              return new SubjectAccessReviewBuilder(asked)
                  .withNewStatus()
                  .withAllowed(allowed)
                  .endStatus()
                  .build();
            })
        .always();
  }

  @Test
  void aBoundServiceAccountIsAllowedWithItsWholeIdentity() throws Exception {
    KubernetesAccessReviewer reviewer = new KubernetesAccessReviewer(client, "/metrics");
    assertThat(reviewer.review(PROMETHEUS_TOKEN)).isEqualTo(Access.ALLOWED);

    assertThat(tokenReviews)
        .singleElement()
        .satisfies(r -> assertThat(r.getSpec().getToken()).isEqualTo(PROMETHEUS_TOKEN));
    SubjectAccessReview asked = accessReviews.get(0);
    assertThat(asked.getSpec().getUser()).isEqualTo(PROMETHEUS);
    assertThat(asked.getSpec().getUid()).isEqualTo("uid-" + PROMETHEUS);
    assertThat(asked.getSpec().getGroups())
        .containsExactly("system:serviceaccounts", "system:authenticated");
    assertThat(asked.getSpec().getExtra())
        .containsEntry("authentication.kubernetes.io/pod-name", List.of("pod-1"));
    assertThat(asked.getSpec().getResourceAttributes()).isNull();
    assertThat(asked.getSpec().getNonResourceAttributes().getPath()).isEqualTo("/metrics");
    assertThat(asked.getSpec().getNonResourceAttributes().getVerb()).isEqualTo("get");
  }

  @Test
  void anotherServiceAccountIsForbiddenAndAnUnknownTokenUnauthenticated() throws Exception {
    KubernetesAccessReviewer reviewer = new KubernetesAccessReviewer(client, "/metrics");
    assertThat(reviewer.review(TENANT_TOKEN)).isEqualTo(Access.FORBIDDEN);
    assertThat(reviewer.review("made-up")).isEqualTo(Access.UNAUTHENTICATED);
    assertThat(tokenReviews).hasSize(2);
    assertThat(accessReviews).as("no access review for an unknown token").hasSize(1);
  }

  @Test
  void aRefusedReviewFailsWithTheStatusCodeOnlyAndLogsNoToken() {
    server.reset();
    server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "tokenreviews.authentication.k8s.io is forbidden: User"
                        + " \"system:serviceaccount:flows-system:flows-key-operator\" cannot create"
                        + " resource \"tokenreviews\"")
                .build())
        .always();
    KubernetesAccessReviewer reviewer = new KubernetesAccessReviewer(client, "/metrics");
    assertThatThrownBy(() -> reviewer.review(PROMETHEUS_TOKEN))
        .isInstanceOf(KubernetesAccessReviewer.ReviewFailed.class)
        .hasMessage("TokenReview failed with HTTP 403")
        .hasNoCause();
  }

  /** The API server's answer echoes the token: no level of any logger may print it. */
  @Test
  void theEchoedTokenReachesNoLogAtAnyLevel() throws Exception {
    KubernetesAccessReviewer reviewer = new KubernetesAccessReviewer(client, "/metrics");
    try (CapturedLogs fabric8 = new CapturedLogs("io.fabric8");
        CapturedLogs ours = new CapturedLogs("dev.waflows.operator")) {
      reviewer.review(PROMETHEUS_TOKEN);
      reviewer.review(TENANT_TOKEN);
      assertThat(String.join("\n", fabric8.lines()) + String.join("\n", ours.lines()))
          .doesNotContain(PROMETHEUS_TOKEN, TENANT_TOKEN);
    }
  }
}
