package dev.waflows.operator.keys;

import java.util.List;

/** The data keys of the key Secret that this package reads and writes (docs/reference.md). */
public final class KeySecretEntries {

  /** RSA private key, PEM; written as (encrypted) PKCS#8. */
  public static final String PRIVATE_PEM = "private.pem";

  /** The matching public key, PEM SubjectPublicKeyInfo. */
  public static final String PUBLIC_PEM = "public.pem";

  /** An X.509 certificate, as in a {@code kubernetes.io/tls} Secret; its key is registered. */
  public static final String TLS_CRT = "tls.crt";

  /** The private key of {@link #TLS_CRT}. */
  public static final String TLS_KEY = "tls.key";

  /** During a rotation: the private key that was current before, copied verbatim. */
  public static final String PREVIOUS_PRIVATE = "previous-private.pem";

  /** During a rotation: the public key that was current before, copied verbatim. */
  public static final String PREVIOUS_PUBLIC = "previous-public.pem";

  /**
   * The entries of the current key, in the order in which they are read and in which errors are
   * reported.
   */
  public static final List<String> ALL = List.of(PRIVATE_PEM, TLS_KEY, PUBLIC_PEM, TLS_CRT);

  private KeySecretEntries() {}
}
