package dev.waflows.operator.keys;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Bouncy Castle provider, handed explicitly to the few JCA calls that need it (PEM and PKCS#8
 * password-based encryption). It is deliberately not installed with {@code Security.addProvider}:
 * that would change algorithm lookups for the whole JVM, including the TLS of the Kubernetes and
 * Graph clients.
 */
final class BouncyCastle {

  /** Stateless once built, and costly to build: one per JVM, created on first use. */
  static final Provider PROVIDER = new BouncyCastleProvider();

  private BouncyCastle() {}
}
