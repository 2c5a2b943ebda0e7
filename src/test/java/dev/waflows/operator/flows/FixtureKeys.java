package dev.waflows.operator.flows;

import dev.waflows.operator.keys.Fixtures;
import dev.waflows.operator.keys.InvalidKeyException;
import dev.waflows.operator.keys.KeySecretReader;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.keys.Passphrase;
import java.util.Map;

/** The committed test keys, read the way the operator and the proxy read them. */
final class FixtureKeys {

  private FixtureKeys() {}

  /** The fixture pair {@code rsa2048-*}. */
  static LoadedKey ours() {
    return load("rsa2048-pkcs8.pem", null);
  }

  /** An unrelated RSA-2048 pair. */
  static LoadedKey other() {
    return load("other-rsa2048-pkcs8.pem", null);
  }

  /** A private key fixture as {@code private.pem}, with the fixture passphrase when given. */
  static LoadedKey load(String fixture, String passphraseOrNull) {
    try {
      return KeySecretReader.read(
          Map.of("private.pem", Fixtures.bytes(fixture)),
          passphraseOrNull == null ? null : Passphrase.of(passphraseOrNull));
    } catch (InvalidKeyException e) {
      throw new AssertionError(fixture + ": " + e.getMessage(), e);
    }
  }
}
