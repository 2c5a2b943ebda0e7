package dev.waflows.operator.reconciler.claims;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PhoneNumberClaimsTest {

  private static final String N = "106540352242922";

  private static FlowsEncryptionKey fek(String ns, String name, String created) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(ns)
            .withName(name)
            .withCreationTimestamp(created)
            .build());
    r.setSpec(new FlowsEncryptionKeySpec());
    r.getSpec().setPhoneNumberIds(List.of(N));
    return r;
  }

  private static FlowsEncryptionKey older() {
    return fek("b", "shop", "2026-01-01T00:00:00Z");
  }

  private static FlowsEncryptionKey newer() {
    return fek("a", "shop", "2026-02-01T00:00:00Z");
  }

  /** The status a resource has after a check of N: Graph holds its key, or answered with reason. */
  private static FlowsEncryptionKey checked(FlowsEncryptionKey r, boolean holds, String reason) {
    FlowsEncryptionKeyStatus s =
        r.getStatus() == null ? new FlowsEncryptionKeyStatus() : r.getStatus();
    PhoneNumberStatus n = new PhoneNumberStatus(N);
    n.setKeyMatches(holds);
    n.setReason(reason);
    s.setPhoneNumbers(List.of(n));
    r.setStatus(s);
    return r;
  }

  private static FlowsEncryptionKey keyReady(FlowsEncryptionKey r, boolean ready) {
    FlowsEncryptionKeyStatus s =
        r.getStatus() == null ? new FlowsEncryptionKeyStatus() : r.getStatus();
    Condition c = new Condition();
    c.setType(Conditions.KEY_READY);
    c.setStatus(ready ? "True" : "False");
    c.setReason(ready ? "Loaded" : "InvalidKey");
    s.setConditions(List.of(c));
    r.setStatus(s);
    return r;
  }

  /** The resource among {@code claimants} that manages N instead of {@code self}, if any. */
  private static Optional<FlowsEncryptionKey> owner(
      FlowsEncryptionKey self, Mode mode, FlowsEncryptionKey... claimants) {
    List<Claim> claims = Stream.of(claimants).map(Claim::of).toList();
    return PhoneNumberClaims.ownerOtherThan(Claim.of(self), mode, N, claims)
        .map(c -> claimants[claims.indexOf(c)]);
  }

  @Test
  void whenGraphHoldsNobodysKeyTheOlderResourceTakesTheNumber() {
    FlowsEncryptionKey older = older();
    FlowsEncryptionKey newer = newer();
    assertThat(owner(newer, Mode.Register, older, newer)).contains(older);
    assertThat(owner(older, Mode.Register, older, newer)).isEmpty();
  }

  @Test
  void theResourceWhoseKeyGraphHoldsKeepsTheNumberEvenAgainstAnOlderOne() {
    FlowsEncryptionKey older = older();
    FlowsEncryptionKey newer = checked(newer(), true, "Registered");
    assertThat(owner(older, Mode.Register, older, newer)).contains(newer);
    assertThat(owner(newer, Mode.Register, older, newer)).isEmpty();
  }

  @Test
  void anOlderResourceThatCannotRegisterDoesNotSquatTheNumber() {
    FlowsEncryptionKey paused = older();
    paused.getMetadata().setAnnotations(Map.of("waflows.dev/paused", "true"));
    FlowsEncryptionKey verify = older();
    verify.getSpec().setMode(Mode.Verify);
    FlowsEncryptionKey badKey = keyReady(older(), false);
    FlowsEncryptionKey refusedToken = checked(older(), false, "PermissionDenied");
    for (FlowsEncryptionKey squatter : List.of(paused, verify, badKey, refusedToken)) {
      FlowsEncryptionKey newer = newer();
      assertThat(owner(newer, Mode.Register, squatter, newer))
          .as("against %s", squatter.getSpec().getMode())
          .isEmpty();
    }
  }

  @Test
  void aClaimDoesNotFlipBackWhenTheHolderLaterFails() {
    // The newer resource took the number while the older one was paused; the older one resumes.
    FlowsEncryptionKey older = older();
    FlowsEncryptionKey holder = checked(newer(), true, "InvalidToken");
    assertThat(owner(older, Mode.Register, older, holder)).contains(holder);
  }

  @Test
  void verifyModeReadsUnlessAnotherResourceHoldsTheNumber() {
    FlowsEncryptionKey older = older();
    FlowsEncryptionKey verifier = newer();
    assertThat(owner(verifier, Mode.Verify, older, verifier)).isEmpty();
    checked(older, true, "Registered");
    assertThat(owner(verifier, Mode.Verify, older, verifier)).contains(older);
  }

  @Test
  void sameAgeIsDecidedByNamespaceThenName() {
    FlowsEncryptionKey a = fek("a", "z", "2026-01-01T00:00:00Z");
    FlowsEncryptionKey b = fek("b", "a", "2026-01-01T00:00:00Z");
    assertThat(owner(b, Mode.Register, a, b)).contains(a);
    assertThat(owner(a, Mode.Register, a, b)).isEmpty();
  }

  @Test
  void aResourceBeingDeletedGivesTheNumberUp() {
    FlowsEncryptionKey older = checked(older(), true, "Registered");
    older.getMetadata().setDeletionTimestamp("2026-03-01T00:00:00Z");
    FlowsEncryptionKey newer = newer();
    assertThat(owner(newer, Mode.Register, older, newer)).isEmpty();
  }

  @Test
  void theOwnerIsNamedOnlyWithinTheSameNamespace() {
    FlowsEncryptionKey self = fek("a", "mine", "2026-02-01T00:00:00Z");
    assertThat(PhoneNumberClaims.describeOwner(Claim.of(fek("a", "shop", null)), Claim.of(self)))
        .isEqualTo("the FlowsEncryptionKey shop in this namespace");
    assertThat(
            PhoneNumberClaims.describeOwner(
                Claim.of(fek("tenant-b", "secret-shop", null)), Claim.of(self)))
        .isEqualTo("a FlowsEncryptionKey in another namespace")
        .doesNotContain("tenant-b")
        .doesNotContain("secret-shop");
  }
}
