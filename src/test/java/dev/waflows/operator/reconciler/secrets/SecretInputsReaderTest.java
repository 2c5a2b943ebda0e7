package dev.waflows.operator.reconciler.secrets;

import static dev.waflows.operator.reconciler.MockCluster.TOKEN;
import static dev.waflows.operator.reconciler.MockCluster.TOKEN_SECRET;
import static dev.waflows.operator.reconciler.MockCluster.freshNamespace;
import static dev.waflows.operator.reconciler.MockCluster.phoneNumber;
import static dev.waflows.operator.reconciler.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.Reasons;
import dev.waflows.operator.api.SecretKeySelector;
import dev.waflows.operator.graph.AccessToken;
import dev.waflows.operator.reconciler.MockCluster;
import dev.waflows.operator.reconciler.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading the key, passphrase and token Secrets of a resource from the mock API server: what is
 * found, what is missing and why, and that no problem message repeats a Secret's value.
 */
@EnableKubernetesMockClient(crud = true)
class SecretInputsReaderTest {

  static KubernetesClient client;

  private static final String PASSPHRASE_SECRET = "shop-passphrase";
  private static final String PASSPHRASE = "correct-horse-battery";

  private MockCluster cluster;
  private SecretInputsReader reader;
  private String ns;

  @BeforeEach
  void setUp() {
    cluster = new MockCluster(client);
    reader = new SecretInputsReader(new SecretReader(client));
    ns = freshNamespace();
  }

  @Test
  void everySecretPresentUnderTheDefaultKeysIsRead() {
    Secret key = cluster.secret(ns, "shop-key", "Opaque", Map.of("public.pem", "not looked at"));
    Secret passphrase =
        cluster.secret(ns, PASSPHRASE_SECRET, "Opaque", Map.of("passphrase", PASSPHRASE + "\n"));
    Secret token = cluster.tokenSecret(ns);

    SecretInputs in = reader.read(resource(withPassphrase(null)));

    assertThat(in.keySecret()).map(s -> s.getMetadata().getName()).contains("shop-key");
    assertThat(in.passphrase()).isPresent();
    assertThat(in.passphraseProblem()).isEmpty();
    assertThat(in.token()).as("trailing newline trimmed").contains(AccessToken.of(TOKEN));
    assertThat(in.tokenProblem()).isEmpty();
    assertThat(in.versions())
        .isEqualTo(
            new SecretVersions(
                key.getMetadata().getResourceVersion(),
                passphrase.getMetadata().getResourceVersion(),
                token.getMetadata().getResourceVersion()));
  }

  @Test
  void keysNamedInTheSpecAreReadInsteadOfTheDefaults() {
    cluster.secret(ns, PASSPHRASE_SECRET, "Opaque", Map.of("pw", PASSPHRASE));
    cluster.secret(ns, TOKEN_SECRET, "Opaque", Map.of("bearer", TOKEN));
    FlowsEncryptionKeySpec spec = withPassphrase("pw");
    spec.setAccessTokenSecretRef(new SecretKeySelector(TOKEN_SECRET, "bearer"));

    SecretInputs in = reader.read(resource(spec));

    assertThat(in.passphrase()).isPresent();
    assertThat(in.token()).contains(AccessToken.of(TOKEN));
    assertThat(in.passphraseProblem()).isEmpty();
    assertThat(in.tokenProblem()).isEmpty();
  }

  @Test
  void absentSecretsAreRecordedAsMissingVersions() {
    Secret token = cluster.tokenSecret(ns);

    SecretInputs in = reader.read(resource(spec("shop-key", phoneNumber())));

    assertThat(in.keySecret()).as("generated later, not a problem here").isEmpty();
    assertThat(in.passphrase()).isEmpty();
    assertThat(in.passphraseProblem()).as("no passphrase named").isEmpty();
    assertThat(in.versions())
        .isEqualTo(
            new SecretVersions(
                SecretVersions.MISSING,
                SecretVersions.MISSING,
                token.getMetadata().getResourceVersion()));
  }

  @Test
  void aChangedTokenSecretChangesOnlyItsVersion() {
    cluster.secret(ns, "shop-key", "Opaque", Map.of("public.pem", "x"));
    cluster.tokenSecret(ns);
    FlowsEncryptionKey r = resource(spec("shop-key", phoneNumber()));
    SecretVersions before = reader.read(r).versions();

    cluster.secret(ns, TOKEN_SECRET, "Opaque", Map.of("token", "EAAGanotherTOKEN"));
    SecretVersions after = reader.read(r).versions();

    assertThat(after.token()).isNotEqualTo(before.token());
    assertThat(after.key()).isEqualTo(before.key());
    assertThat(after.passphrase()).isEqualTo(before.passphrase());
  }

  /**
   * A Secret set up wrong, which of the two inputs reports it, with what reason and words.
   *
   * @param values every value written to a Secret, none of which may appear in the message
   */
  record Case(
      String name,
      Map<String, String> tokenData,
      String tokenType,
      Map<String, String> passphraseData,
      Function<SecretInputs, Optional<Problem>> problem,
      String reason,
      String says) {

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> problems() {
    Map<String, String> goodToken = Map.of("token", TOKEN);
    Map<String, String> goodPassphrase = Map.of("passphrase", PASSPHRASE);
    Function<SecretInputs, Optional<Problem>> token = SecretInputs::tokenProblem;
    Function<SecretInputs, Optional<Problem>> passphrase = SecretInputs::passphraseProblem;
    return Stream.of(
        new Case(
            "token Secret missing",
            null,
            null,
            goodPassphrase,
            token,
            Reasons.SECRET_NOT_FOUND,
            "the access token Secret whatsapp-system-user was not found"),
        new Case(
            "token key missing",
            Map.of("tokn", TOKEN),
            "Opaque",
            goodPassphrase,
            token,
            Reasons.SECRET_NOT_FOUND,
            "has no key token"),
        new Case(
            "token with a space inside",
            Map.of("token", "EAAGsecret part-two"),
            "Opaque",
            goodPassphrase,
            token,
            Reasons.INVALID_TOKEN,
            "contains whitespace"),
        new Case(
            "token Secret of a ServiceAccount",
            goodToken,
            "kubernetes.io/service-account-token",
            goodPassphrase,
            token,
            Reasons.INVALID_SPEC,
            "is of type kubernetes.io/service-account-token"),
        new Case(
            "token Secret of type tls",
            goodToken,
            "kubernetes.io/tls",
            goodPassphrase,
            token,
            Reasons.INVALID_SPEC,
            "only an Opaque Secret"),
        new Case(
            "passphrase Secret missing",
            goodToken,
            "Opaque",
            null,
            passphrase,
            Reasons.SECRET_NOT_FOUND,
            "the passphrase Secret shop-passphrase was not found"),
        new Case(
            "passphrase key missing",
            goodToken,
            "Opaque",
            Map.of("password", PASSPHRASE),
            passphrase,
            Reasons.SECRET_NOT_FOUND,
            "has no key passphrase"),
        new Case(
            "passphrase empty",
            goodToken,
            "Opaque",
            Map.of("passphrase", ""),
            passphrase,
            Reasons.INVALID_KEY,
            "the passphrase in Secret shop-passphrase"),
        new Case(
            "passphrase only a line break",
            goodToken,
            "Opaque",
            Map.of("passphrase", "\n"),
            passphrase,
            Reasons.INVALID_KEY,
            "the passphrase in Secret shop-passphrase"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problems")
  void aSecretSetUpWrongIsReportedWithoutItsValue(Case c) {
    if (c.tokenData() != null) {
      cluster.secret(ns, TOKEN_SECRET, c.tokenType(), c.tokenData());
    }
    if (c.passphraseData() != null) {
      cluster.secret(ns, PASSPHRASE_SECRET, "Opaque", c.passphraseData());
    }

    SecretInputs in = reader.read(resource(withPassphrase(null)));

    Problem p = c.problem().apply(in).orElseThrow();
    assertThat(p.reason()).isEqualTo(c.reason());
    assertThat(p.message()).contains(c.says());
    for (String value : secretValues(c)) {
      assertThat(p.message()).doesNotContain(value);
    }
    if (c.problem().apply(in) == in.tokenProblem()) {
      assertThat(in.token()).as("no token to send").isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "kubernetes.io/service-account-token",
        "kubernetes.io/tls",
        "kubernetes.io/dockerconfigjson",
        "bootstrap.kubernetes.io/token"
      })
  void aPassphraseIsReadOnlyFromAnOpaqueSecret(String type) {
    cluster.secret(ns, PASSPHRASE_SECRET, type, Map.of("passphrase", PASSPHRASE));

    SecretInputs in = reader.read(resource(withPassphrase(null)));

    assertThat(in.passphrase()).as("nothing read from a " + type + " Secret").isEmpty();
    Problem p = in.passphraseProblem().orElseThrow();
    assertThat(p.reason()).isEqualTo(Reasons.INVALID_SPEC);
    assertThat(p.message()).contains("is of type " + type).contains("only an Opaque Secret");
    assertThat(p.message()).doesNotContain(PASSPHRASE.strip());
  }

  /**
   * Guessing entry names through the spec tells nothing about the entries a Secret has: the message
   * names the Secret and the one entry the spec names, whatever else is there.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"password", "pass", "tls.key", "key"})
  void messagesNameOnlyTheEntryTheSpecNames(String guess) {
    Map<String, String> others =
        Map.of("db-password", "x1", "api.key", "x2", "ssh-privatekey", "x3");
    cluster.secret(ns, PASSPHRASE_SECRET, "Opaque", others);
    cluster.secret(ns, TOKEN_SECRET, "Opaque", others);

    SecretInputs in = reader.read(resource(withPassphrase(guess)));

    for (Problem p :
        List.of(in.passphraseProblem().orElseThrow(), in.tokenProblem().orElseThrow())) {
      assertThat(p.message()).contains("has no key ");
      for (String entry : others.keySet()) {
        assertThat(p.message()).doesNotContain(entry);
      }
    }
  }

  private static List<String> secretValues(Case c) {
    return Stream.of(c.tokenData(), c.passphraseData())
        .filter(m -> m != null)
        .flatMap(m -> m.values().stream())
        .map(String::strip)
        .filter(v -> !v.isEmpty())
        .flatMap(v -> Stream.of(v, v.split(" ")[0]))
        .toList();
  }

  private static FlowsEncryptionKeySpec withPassphrase(String key) {
    FlowsEncryptionKeySpec spec = spec("shop-key", phoneNumber());
    spec.setPassphraseSecretRef(new SecretKeySelector(PASSPHRASE_SECRET, key));
    return spec;
  }

  private FlowsEncryptionKey resource(FlowsEncryptionKeySpec spec) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.getMetadata().setName("shop");
    r.getMetadata().setNamespace(ns);
    r.setSpec(spec);
    return r;
  }
}
