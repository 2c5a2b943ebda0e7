package dev.waflows.operator.reconciler.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The claim rules over every combination of what another tenant's resource may store: any reason
 * (none, empty, each documented one, one we do not know), mode (no spec, no mode, Register,
 * Verify), pause annotation, key condition, token answer, with and without a status. None may
 * throw, and each must decide as documented: the holder keeps the number; else the oldest resource
 * able to register it takes it; a Conflict names the other resource only within one namespace.
 *
 * <p>An unknown mode string does not reach the rules: the CRD's enum refuses it at the API server,
 * and {@link Mode} cannot hold it; a missing spec or mode stands for it here.
 */
class PhoneNumberClaimsPropertyTest {

  private static final String N = "106540352242922";
  private static final String SELF_NS = "tenant-a";
  private static final String SELF_CREATED = "2026-02-01T00:00:00Z";

  enum StatusShape {
    NONE,
    NULL_LISTS,
    NULL_ENTRY_ID,
    ENTRY
  }

  enum SpecShape {
    NONE,
    NO_MODE,
    REGISTER,
    VERIFY
  }

  enum KeyState {
    NO_CONDITION,
    READY,
    PENDING,
    INVALID,
    EMPTY_CONDITION,
    NULL_ELEMENT
  }

  /** Each value of the paused annotation, null for none and "no map" for no annotations at all. */
  private static final List<String> PAUSED = Arrays.asList(null, "no map", "TRUE", "false");

  /** Age and deletion: older, newer, never stamped (sorts first), and older but being deleted. */
  record Age(String created, boolean deleting) {}

  private static final List<Age> AGES =
      List.of(
          new Age("2026-01-01T00:00:00Z", false),
          new Age("2026-03-01T00:00:00Z", false),
          new Age(null, false),
          new Age("2026-01-01T00:00:00Z", true));

  private static final Set<String> CANNOT_REACH =
      Set.of(Reasons.INVALID_TOKEN, Reasons.PERMISSION_DENIED, Reasons.INVALID_PHONE_NUMBER);

  @Test
  void everyCombinationDecidesAsDocumentedWithoutThrowing() throws Exception {
    List<String> reasons = new ArrayList<>(documentedReasons());
    reasons.addAll(Arrays.asList(null, "", "SomethingGraphMayAddOneDay"));
    int cases = 0;
    for (StatusShape shape : StatusShape.values()) {
      for (String reason : reasons) {
        for (Boolean keyMatches : Arrays.asList(null, true, false)) {
          for (SpecShape spec : SpecShape.values()) {
            for (String paused : PAUSED) {
              for (KeyState key : KeyState.values()) {
                for (Age age : AGES) {
                  cases +=
                      checkAgainstEverySelf(
                          new Other(
                              shape,
                              reason,
                              keyMatches,
                              spec,
                              paused,
                              key,
                              age.deleting(),
                              age.created()));
                }
              }
            }
          }
        }
      }
    }
    assertThat(cases).isGreaterThan(500_000);
  }

  /**
   * An empty shell (no metadata, spec or status) decides too: it holds nothing, and with no
   * creation time it counts as the oldest, so it may take a number nobody holds.
   */
  @Test
  void aResourceWithNothingButAnEmptyShellStillDecides() {
    FlowsEncryptionKey shell = new FlowsEncryptionKey();
    shell.setMetadata(null);
    shell.setSpec(null);
    shell.setStatus(null);
    Claim claim = Claim.of(shell);
    assertThat(ClaimantLookup.phoneNumbersOf(shell)).isEmpty();
    Claim self = Claim.of(resource(SELF_NS, "mine", SELF_CREATED));
    // Created "never" sorts first, so the shell counts as older: it takes an unheld number.
    assertThat(PhoneNumberClaims.ownerOtherThan(self, Mode.Register, N, List.of(claim, self)))
        .contains(claim);
    assertThat(PhoneNumberClaims.describeOwner(claim, self))
        .isEqualTo("a FlowsEncryptionKey in another namespace");
  }

  private int checkAgainstEverySelf(Other other) {
    FlowsEncryptionKey x = other.build();
    Claim claim;
    try {
      claim = Claim.of(x);
      ClaimantLookup.phoneNumbersOf(x);
    } catch (RuntimeException e) {
      throw new AssertionError("Claim.of threw for " + other, e);
    }
    int cases = 0;
    for (Self self : SELVES) {
      Optional<Claim> owner;
      try {
        owner =
            PhoneNumberClaims.ownerOtherThan(self.claim, self.mode, N, List.of(self.claim, claim));
      } catch (RuntimeException e) {
        throw new AssertionError("ownerOtherThan threw for " + other, e);
      }
      boolean expected = other.expectedOwner(self.holds, self.mode);
      if (owner.isPresent() != expected || owner.isPresent() && owner.get() != claim) {
        fail("%s: expected %s, got %s for %s", self, expected ? claim : "none", owner, other);
      }
      owner.ifPresent(o -> checkConflictMessage(o, self.claim, other));
      cases++;
    }
    return cases;
  }

  private static void checkConflictMessage(Claim owner, Claim self, Other other) {
    String message = PhoneNumberClaims.describeOwner(owner, self);
    boolean named = message.contains(owner.name()) || message.contains(owner.namespace());
    if (named != owner.namespace().equals(self.namespace())) {
      fail("Conflict message %s for %s", message, other);
    }
  }

  /**
   * The resource deciding: its mode, whether Graph holds its key, and (in the claim) whether it
   * shares the other resource's namespace.
   */
  record Self(Mode mode, boolean holds, Claim claim) {}

  private static final List<Self> SELVES = selves();

  private static List<Self> selves() {
    List<Self> all = new ArrayList<>();
    for (Mode mode : Mode.values()) {
      for (boolean holds : List.of(false, true)) {
        for (String ns : List.of(SELF_NS, "tenant-b")) {
          // Its own entry has no reason either: it was not checked yet.
          FlowsEncryptionKey me = resource(ns, "mine", SELF_CREATED);
          me.setStatus(status(entry(N, null, holds)));
          all.add(new Self(mode, holds, Claim.of(me)));
        }
      }
    }
    return all;
  }

  /** What another resource stores, and what the documented rule says about it. */
  record Other(
      StatusShape shape,
      String reason,
      Boolean keyMatches,
      SpecShape spec,
      String paused,
      KeyState key,
      boolean deleting,
      String created) {

    FlowsEncryptionKey build() {
      FlowsEncryptionKey r = resource(SELF_NS, "theirs", created);
      if (deleting) {
        r.getMetadata().setDeletionTimestamp("2026-03-02T00:00:00Z");
      }
      if ("no map".equals(paused)) {
        r.getMetadata().setAnnotations(null);
      } else if (paused != null) {
        r.getMetadata().setAnnotations(Map.of(Annotations.PAUSED, paused));
      }
      switch (spec) {
        case NONE -> r.setSpec(null);
        case NO_MODE -> r.getSpec().setMode(null);
        case REGISTER -> r.getSpec().setMode(Mode.Register);
        case VERIFY -> r.getSpec().setMode(Mode.Verify);
      }
      switch (shape) {
        case NONE -> r.setStatus(null);
        case NULL_LISTS -> {
          FlowsEncryptionKeyStatus s = new FlowsEncryptionKeyStatus();
          s.setPhoneNumbers(null);
          s.setConditions(null);
          r.setStatus(s);
        }
        case NULL_ENTRY_ID -> r.setStatus(status(entry(null, reason, keyMatches)));
        case ENTRY -> r.setStatus(status(entry(N, reason, keyMatches)));
      }
      if (r.getStatus() != null && r.getStatus().getConditions() != null) {
        r.getStatus().setConditions(keyConditions());
      }
      return r;
    }

    private List<Condition> keyConditions() {
      List<Condition> list = new ArrayList<>();
      switch (key) {
        case NO_CONDITION -> {}
        case READY -> list.add(condition(Conditions.TRUE, Reasons.LOADED));
        case PENDING -> list.add(condition(Conditions.FALSE, Reasons.PENDING));
        case INVALID -> list.add(condition(Conditions.FALSE, Reasons.INVALID_KEY));
        case EMPTY_CONDITION -> list.add(condition(null, null));
        case NULL_ELEMENT -> list.add(null);
      }
      return list;
    }

    /** The documented rule, from what was stored rather than from the claim built of it. */
    boolean expectedOwner(boolean selfHolds, Mode selfMode) {
      if (selfHolds) {
        return false;
      }
      boolean entry = shape == StatusShape.ENTRY;
      boolean holds = entry && Boolean.TRUE.equals(keyMatches);
      if (holds && !deleting) {
        return true;
      }
      if (selfMode == Mode.Verify) {
        return false;
      }
      boolean conditions = shape != StatusShape.NONE && shape != StatusShape.NULL_LISTS;
      boolean keyUsable =
          !conditions || !(key == KeyState.INVALID || key == KeyState.EMPTY_CONDITION);
      boolean refused = entry && reason != null && CANNOT_REACH.contains(reason);
      boolean registers = spec != SpecShape.VERIFY;
      boolean isPaused = paused != null && paused.equalsIgnoreCase("true");
      boolean older = created == null || created.compareTo(SELF_CREATED) < 0;
      return !deleting && registers && !isPaused && keyUsable && !refused && older;
    }
  }

  private static FlowsEncryptionKey resource(String ns, String name, String created) {
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(ns);
    meta.setName(name);
    meta.setCreationTimestamp(created);
    meta.setAnnotations(new HashMap<>());
    r.setMetadata(meta);
    r.setSpec(new FlowsEncryptionKeySpec());
    r.getSpec().setPhoneNumberIds(List.of(N));
    return r;
  }

  private static PhoneNumberStatus entry(String id, String reason, Boolean keyMatches) {
    PhoneNumberStatus n = new PhoneNumberStatus(id);
    n.setReason(reason);
    n.setKeyMatches(keyMatches);
    return n;
  }

  private static FlowsEncryptionKeyStatus status(PhoneNumberStatus entry) {
    FlowsEncryptionKeyStatus s = new FlowsEncryptionKeyStatus();
    s.setPhoneNumbers(new ArrayList<>(Arrays.asList(entry, null)));
    return s;
  }

  private static Condition condition(String status, String reason) {
    Condition c = new Condition();
    c.setType(Conditions.KEY_READY);
    c.setStatus(status);
    c.setReason(reason);
    return c;
  }

  /** Every reason constant, so a reason added later is covered without editing this test. */
  private static List<String> documentedReasons() throws IllegalAccessException {
    List<String> all = new ArrayList<>();
    for (Field f : Reasons.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        all.add((String) f.get(null));
      }
    }
    assertThat(all).contains(Reasons.PERMISSION_DENIED, Reasons.REGISTERED);
    return all;
  }
}
