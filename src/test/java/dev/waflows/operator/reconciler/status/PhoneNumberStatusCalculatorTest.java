package dev.waflows.operator.reconciler.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.graph.GraphErrorReason;
import dev.waflows.operator.graph.SignatureStatus;
import dev.waflows.operator.reconciler.verification.NumberObservation;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhoneNumberStatusCalculatorTest {

  private static final String T0 = "2026-11-25T10:00:00Z";
  private static final String T1 = "2026-11-25T11:00:00Z";
  private static final String ID = "106540352242922";

  private static NumberObservation checked(
      SignatureStatus status, boolean set, boolean matches, boolean posted) {
    return new NumberObservation.Checked(ID, Optional.ofNullable(status), set, matches, posted);
  }

  static Stream<Arguments> observations() {
    return Stream.of(
        Arguments.of(
            checked(SignatureStatus.VALID, true, true, false), "Registered", "VALID", true),
        Arguments.of(
            checked(SignatureStatus.MISMATCH, true, true, true), "Mismatch", "MISMATCH", true),
        Arguments.of(checked(null, false, false, false), "NotRegistered", null, false),
        Arguments.of(
            checked(SignatureStatus.VALID, true, false, false), "NotRegistered", "VALID", false),
        Arguments.of(checked(null, true, true, true), "NotRegistered", null, true));
  }

  @ParameterizedTest
  @MethodSource("observations")
  void reasonFollowsWhatGraphSaid(
      NumberObservation seen, String reason, String signature, boolean matches) {
    PhoneNumberStatus s = PhoneNumberStatusCalculator.next(null, seen, T0);
    assertThat(s.getId()).isEqualTo(ID);
    assertThat(s.getReason()).isEqualTo(reason);
    assertThat(s.getSignatureStatus()).isEqualTo(signature);
    assertThat(s.getKeyMatches()).isEqualTo(matches);
    assertThat(s.getLastTransitionTime()).isEqualTo(T0);
    assertThat(s.getMessage()).isNotBlank();
  }

  @Test
  void registeringStampsLastRegisteredTime() {
    PhoneNumberStatus s =
        PhoneNumberStatusCalculator.next(
            null, checked(SignatureStatus.VALID, true, true, true), T0);
    assertThat(s.getLastRegisteredTime()).isEqualTo(T0);
    PhoneNumberStatus later =
        PhoneNumberStatusCalculator.next(s, checked(SignatureStatus.VALID, true, true, false), T1);
    assertThat(later.getLastRegisteredTime()).isEqualTo(T0);
  }

  @Test
  void lastTransitionTimeStaysWhileNothingChanges() {
    PhoneNumberStatus first =
        PhoneNumberStatusCalculator.next(
            null, checked(SignatureStatus.VALID, true, true, false), T0);
    PhoneNumberStatus again =
        PhoneNumberStatusCalculator.next(
            first, checked(SignatureStatus.VALID, true, true, false), T1);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void anErrorKeepsWhatWasKnownAndMovesTheTransition() {
    PhoneNumberStatus valid =
        PhoneNumberStatusCalculator.next(
            null, checked(SignatureStatus.VALID, true, true, false), T0);
    PhoneNumberStatus failed =
        PhoneNumberStatusCalculator.next(
            valid,
            new NumberObservation.Failed(
                ID,
                GraphErrorReason.GraphUnavailable,
                "Graph answered 503 (fbtrace_id Abc)",
                Optional.empty()),
            T1);
    assertThat(failed.getSignatureStatus()).isEqualTo("VALID");
    assertThat(failed.getKeyMatches()).isTrue();
    assertThat(failed.getReason()).isEqualTo("GraphUnavailable");
    assertThat(failed.getMessage()).contains("fbtrace_id Abc");
    assertThat(failed.getLastTransitionTime()).isEqualTo(T1);
    assertThat(valid.getReason()).as("the previous status is not mutated").isEqualTo("Registered");
  }

  @Test
  void conflictNamesTheOwner() {
    PhoneNumberStatus s =
        PhoneNumberStatusCalculator.next(
            null, new NumberObservation.Conflicted(ID, "shop/older"), T0);
    assertThat(s.getReason()).isEqualTo("Conflict");
    assertThat(s.getMessage()).contains("shop/older");
    assertThat(s.getSignatureStatus()).isNull();
  }

  @Test
  void aContestedNumberSaysSoAndNamesNoOtherParty() {
    PhoneNumberStatus before = new PhoneNumberStatus("1");
    before.setKeyMatches(true);
    before.setReason("Registered");
    PhoneNumberStatus next =
        PhoneNumberStatusCalculator.next(
            before,
            new NumberObservation.Checked(
                "1",
                Optional.of(SignatureStatus.VALID),
                true,
                false,
                false,
                false,
                Optional.empty(),
                NumberObservation.Note.CONTESTED),
            "2026-12-05T12:00:00Z");
    assertThat(next.getReason()).isEqualTo("KeyContested");
    assertThat(next.getKeyMatches()).isFalse();
    assertThat(next.getMessage()).contains("reconcile-requested-at");
    assertThat(next.getLastTransitionTime()).isEqualTo("2026-12-05T12:00:00Z");
  }

  @Test
  void aReplacedKeyRegisteredAgainRecordsWhen() {
    PhoneNumberStatus next =
        PhoneNumberStatusCalculator.next(
            null,
            new NumberObservation.Checked(
                "1",
                Optional.of(SignatureStatus.VALID),
                true,
                true,
                true,
                true,
                Optional.empty(),
                NumberObservation.Note.REPLACED),
            "2026-12-05T12:00:00Z");
    assertThat(next.getReason()).isEqualTo("Registered");
    assertThat(next.getLastReplacedTime()).isEqualTo("2026-12-05T12:00:00Z");
    assertThat(next.getLastRegisteredTime()).isEqualTo("2026-12-05T12:00:00Z");
  }

  @Test
  void aNumberWaitingForTheEndpointSaysWhy() {
    PhoneNumberStatus next =
        PhoneNumberStatusCalculator.next(
            null,
            new NumberObservation.Checked(
                "1",
                Optional.of(SignatureStatus.VALID),
                true,
                false,
                false,
                false,
                Optional.empty(),
                NumberObservation.Note.WAITING_FOR_ENDPOINT),
            "2026-12-05T12:00:00Z");
    assertThat(next.getReason()).isEqualTo("NotRegistered");
    assertThat(next.getMessage()).contains("once the endpoint opens a probe sealed to it");
  }
}
