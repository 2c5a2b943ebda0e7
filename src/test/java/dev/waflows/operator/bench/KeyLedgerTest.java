package dev.waflows.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyLedgerTest {

  private static final String OLD = "-----BEGIN PUBLIC KEY-----\nOLD\n-----END PUBLIC KEY-----\n";
  private static final String NEW = "-----BEGIN PUBLIC KEY-----\nNEW\n-----END PUBLIC KEY-----\n";

  @Test
  void aKeyTheSecretHoldsAsCurrentOrPreviousIsUnderstood() {
    KeyLedger ledger = new KeyLedger();
    ledger.secretHolds("r0", List.of(NEW, OLD));

    assertThat(ledger.sample("r0", "1", OLD)).isTrue();
    assertThat(ledger.sample("r0", "1", NEW.replace("\n", "\r\n"))).isTrue();
    assertThat(ledger.failures()).isZero();
    assertThat(ledger.samples()).isEqualTo(2);
  }

  @Test
  void graphStillHoldingADroppedKeyIsAFailureCountedOncePerNumberAndKey() {
    KeyLedger ledger = new KeyLedger();
    ledger.secretHolds("r0", List.of(NEW, OLD));
    ledger.secretHolds("r0", List.of(NEW));

    assertThat(ledger.sample("r0", "1", OLD)).isFalse();
    ledger.sample("r0", "1", OLD);
    ledger.sample("r0", "2", OLD);
    assertThat(ledger.failures()).isEqualTo(2);
  }

  @Test
  void anotherResourcesKeyOrAnUnknownResourceIsAFailure() {
    KeyLedger ledger = new KeyLedger();
    ledger.secretHolds("r0", List.of(OLD));

    assertThat(ledger.sample("r1", "9", OLD)).isFalse();
    assertThat(ledger.failures()).isEqualTo(1);
  }

  @Test
  void noKeyAtGraphIsNotARotationFailure() {
    KeyLedger ledger = new KeyLedger();

    assertThat(ledger.sample("r0", "1", null)).isTrue();
    assertThat(ledger.failures()).isZero();
  }
}
