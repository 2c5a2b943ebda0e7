package dev.waflows.operator.keys;

/**
 * The key Secret cannot be used, and why. The message is meant for a platform engineer reading a
 * condition or an Event: it starts with the Secret data key concerned ({@code "private.pem: ..."})
 * and never contains key material or a passphrase.
 *
 * <p>It deliberately carries no cause: causes from the crypto libraries end up in logged stack
 * traces and their messages are not ours to vouch for.
 */
public final class InvalidKeyException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What is wrong, for code that wants to branch or count; the message says it for humans. */
  public enum Problem {
    /** None of the key entries is present. */
    EMPTY_SECRET,
    /** Not PEM, damaged or truncated PEM, or a PEM block of a kind that does not belong there. */
    UNREADABLE_PEM,
    /** A key, but not an RSA key. */
    NOT_RSA,
    /** An RSA key of another size than 2048 bits. */
    WRONG_SIZE,
    /** The private and the public key (or certificate) do not belong together. */
    NOT_A_PAIR,
    /** The passphrase does not decrypt the private key. */
    WRONG_PASSPHRASE,
    /** The private key is encrypted and no passphrase was given. */
    PASSPHRASE_REQUIRED,
    /**
     * The encrypted private key's key-derivation settings would cost more than about a second of
     * CPU or 64 MiB of memory to open; it is refused without being tried.
     */
    TOO_COSTLY_TO_OPEN,
    /** Two entries of the same kind (private.pem and tls.key, public.pem and tls.crt) differ. */
    DISAGREEING_KEYS
  }

  private final Problem problem;
  private final String secretKey;

  InvalidKeyException(Problem problem, String secretKey, String detail) {
    super(secretKey == null ? detail : secretKey + ": " + detail);
    this.problem = problem;
    this.secretKey = secretKey;
  }

  /** What is wrong. */
  public Problem problem() {
    return problem;
  }

  /** The Secret data key concerned ({@code private.pem}, ...); null for an empty Secret. */
  public String secretKey() {
    return secretKey;
  }
}
