package dev.waflows.operator.keys;

import static dev.waflows.operator.keys.InvalidKeyException.Problem.TOO_COSTLY_TO_OPEN;
import static dev.waflows.operator.keys.InvalidKeyException.Problem.UNREADABLE_PEM;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.DefaultSecretKeySizeProvider;

/**
 * Refuses an encrypted PKCS#8 key whose key derivation would cost more than about a second of CPU
 * or 64 MiB of memory, judged from its algorithm parameters alone, before any passphrase is tried.
 *
 * <p>The parameters come from the Secret, so whoever may edit it chooses them: without a bound, a
 * key asking for 2^31 PBKDF2 iterations holds a CPU for half an hour on every read, and a scrypt
 * asking for gigabytes of memory crashes the operator. Only the schemes the decryptor runs are
 * accepted; anything else is refused here, so no unknown scheme is ever run.
 *
 * <p>The bounds were measured with Bouncy Castle (which runs the derivation) on a loaded 2-core
 * machine: about one second each, and well above what {@code openssl} writes by default (PBKDF2
 * 2048 iterations, scrypt N=16384 r=8 p=1) and what {@link KeySecretWriter} writes (600,000
 * iterations of HMAC-SHA256, about half a second).
 */
final class KeyDerivationLimits {

  /** scrypt holds 128 * N * r bytes while it runs. */
  static final long SCRYPT_MAX_MEMORY_BYTES = 64L << 20;

  /** scrypt's CPU cost grows with N * r * p; 2^20 took 0.85 to 0.95 s. */
  static final long SCRYPT_MAX_WORK = 1L << 20;

  /** PKCS#12 PBE (SHA-1): 3-key triple DES, the dearest, derives three chains: 1.24 s per 1M. */
  static final long PKCS12_MAX_ITERATIONS = 600_000;

  /** PBES1 (PBKDF1 with MD5 or SHA-1, single DES): 0.45 to 0.62 s per 1M. */
  static final long PBES1_MAX_ITERATIONS = 1_500_000;

  /** No cipher needs a longer key; a longer keyLength field is junk or an attack. */
  private static final int MAX_KEY_BYTES = 64;

  /**
   * A PBKDF2 pseudo-random function: its name, output size, and the iterations that cost about a
   * second when one output block is derived. A key longer than the output costs one run per block.
   */
  record Prf(String name, int outputBytes, long maxIterationsPerBlock) {}

  /** Per-iteration costs measured: SHA-1 0.5 s per 1M, SHA-256 1.0 s, SHA-512 1.2 to 1.5 s. */
  private static final Map<ASN1ObjectIdentifier, Prf> PRFS =
      Map.ofEntries(
          Map.entry(PKCSObjectIdentifiers.id_hmacWithSHA1, new Prf("HMAC-SHA1", 20, 2_000_000)),
          Map.entry(PKCSObjectIdentifiers.id_hmacWithSHA224, new Prf("HMAC-SHA224", 28, 1_000_000)),
          Map.entry(PKCSObjectIdentifiers.id_hmacWithSHA256, new Prf("HMAC-SHA256", 32, 1_000_000)),
          Map.entry(PKCSObjectIdentifiers.id_hmacWithSHA384, new Prf("HMAC-SHA384", 48, 650_000)),
          Map.entry(PKCSObjectIdentifiers.id_hmacWithSHA512, new Prf("HMAC-SHA512", 64, 650_000)),
          Map.entry(
              PKCSObjectIdentifiers.id_hmacWithSHA512_224, new Prf("HMAC-SHA512/224", 28, 650_000)),
          Map.entry(
              PKCSObjectIdentifiers.id_hmacWithSHA512_256, new Prf("HMAC-SHA512/256", 32, 650_000)),
          Map.entry(
              NISTObjectIdentifiers.id_hmacWithSHA3_224, new Prf("HMAC-SHA3-224", 28, 330_000)),
          Map.entry(
              NISTObjectIdentifiers.id_hmacWithSHA3_256, new Prf("HMAC-SHA3-256", 32, 330_000)),
          Map.entry(
              NISTObjectIdentifiers.id_hmacWithSHA3_384, new Prf("HMAC-SHA3-384", 48, 330_000)),
          Map.entry(
              NISTObjectIdentifiers.id_hmacWithSHA3_512, new Prf("HMAC-SHA3-512", 64, 330_000)));

  private static final String CPU = "a second of CPU";
  private static final String MEMORY = "64 MiB of memory";

  private static final String REENCRYPT =
      "; re-encrypt it with openssl pkcs8 -topk8 -v2 aes-256-cbc";

  private KeyDerivationLimits() {}

  /**
   * Checks the encryption algorithm of an {@code ENCRYPTED PRIVATE KEY}.
   *
   * @throws InvalidKeyException naming the parameter and its limit if opening the key would cost
   *     too much, or if the scheme is not one that is read here or its parameters are damaged
   */
  static void check(String secretKey, AlgorithmIdentifier encryption) throws InvalidKeyException {
    ASN1ObjectIdentifier scheme = encryption.getAlgorithm();
    ASN1Encodable parameters = encryption.getParameters();
    try {
      if (PKCSObjectIdentifiers.id_PBES2.equals(scheme)) {
        pbes2(secretKey, PBES2Parameters.getInstance(parameters));
      } else if (scheme.on(PKCSObjectIdentifiers.pkcs_12PbeIds)) {
        BigInteger iterations = PKCS12PBEParams.getInstance(parameters).getIterations();
        requireIterations(secretKey, "PKCS#12 PBE", iterations, PKCS12_MAX_ITERATIONS);
      } else if (PKCSObjectIdentifiers.pbeWithMD5AndDES_CBC.equals(scheme)
          || PKCSObjectIdentifiers.pbeWithSHA1AndDES_CBC.equals(scheme)) {
        BigInteger iterations = PBEParameter.getInstance(parameters).getIterationCount();
        requireIterations(secretKey, "PBES1", iterations, PBES1_MAX_ITERATIONS);
      } else {
        throw notRead(secretKey, "scheme " + scheme.getId());
      }
    } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
      // Bouncy Castle's getInstance throws these for a structure of the wrong shape.
      throw damaged(secretKey);
    }
  }

  private static void pbes2(String secretKey, PBES2Parameters pbes2) throws InvalidKeyException {
    KeyDerivationFunc kdf = pbes2.getKeyDerivationFunc();
    AlgorithmIdentifier cipher = AlgorithmIdentifier.getInstance(pbes2.getEncryptionScheme());
    int keyBits = DefaultSecretKeySizeProvider.INSTANCE.getKeySize(cipher);
    if (keyBits <= 0) {
      throw notRead(secretKey, "cipher " + cipher.getAlgorithm().getId());
    }
    if (PKCSObjectIdentifiers.id_PBKDF2.equals(kdf.getAlgorithm())) {
      pbkdf2(secretKey, PBKDF2Params.getInstance(kdf.getParameters()), (keyBits + 7) / 8);
    } else if (MiscObjectIdentifiers.id_scrypt.equals(kdf.getAlgorithm())) {
      scrypt(secretKey, ScryptParams.getInstance(kdf.getParameters()));
    } else {
      throw notRead(secretKey, "key derivation " + kdf.getAlgorithm().getId());
    }
  }

  private static void pbkdf2(String secretKey, PBKDF2Params params, int keyBytes)
      throws InvalidKeyException {
    Prf prf = PRFS.get(params.getPrf().getAlgorithm());
    if (prf == null) {
      throw notRead(secretKey, "PBKDF2 function " + params.getPrf().getAlgorithm().getId());
    }
    requireKeyLength(secretKey, "PBKDF2", params.getKeyLength());
    int blocks = (keyBytes + prf.outputBytes() - 1) / prf.outputBytes();
    String what =
        "PBKDF2 with "
            + prf.name()
            + (blocks == 1 ? "" : " (" + blocks + " runs for a " + keyBytes * 8 + "-bit key)");
    requireIterations(
        secretKey, what, params.getIterationCount(), prf.maxIterationsPerBlock() / blocks);
  }

  private static void scrypt(String secretKey, ScryptParams params) throws InvalidKeyException {
    BigInteger n = params.getCostParameter();
    BigInteger r = params.getBlockSize();
    BigInteger p = params.getParallelizationParameter();
    if (n.compareTo(BigInteger.TWO) < 0
        || n.bitCount() != 1
        || r.signum() <= 0
        || p.signum() <= 0) {
      throw new InvalidKeyException(
          UNREADABLE_PEM,
          secretKey,
          "the scrypt parameters of the encrypted private key are invalid (N must be a power of 2"
              + " above 1, r and p at least 1): it is damaged");
    }
    requireKeyLength(secretKey, "scrypt", params.getKeyLength());
    String settings = "scrypt N=" + n + ", r=" + r + ", p=" + p;
    BigInteger memory = BigInteger.valueOf(128).multiply(n).multiply(r);
    if (memory.compareTo(BigInteger.valueOf(SCRYPT_MAX_MEMORY_BYTES)) > 0) {
      throw tooCostly(
          secretKey,
          MEMORY,
          settings
              + ", which needs 128*N*r = "
              + mebibytes(memory)
              + ", and the limit is "
              + mebibytes(BigInteger.valueOf(SCRYPT_MAX_MEMORY_BYTES)));
    }
    BigInteger work = n.multiply(r).multiply(p);
    if (work.compareTo(BigInteger.valueOf(SCRYPT_MAX_WORK)) > 0) {
      throw tooCostly(
          secretKey,
          CPU,
          settings
              + ", whose N*r*p = "
              + grouped(work)
              + ", and the limit is "
              + grouped(BigInteger.valueOf(SCRYPT_MAX_WORK)));
    }
  }

  private static void requireIterations(
      String secretKey, String what, BigInteger iterations, long limit) throws InvalidKeyException {
    if (iterations.signum() <= 0) {
      throw damaged(secretKey);
    }
    if (iterations.compareTo(BigInteger.valueOf(limit)) > 0) {
      throw tooCostly(
          secretKey,
          CPU,
          what
              + " over "
              + grouped(iterations)
              + " iterations, and the limit is "
              + grouped(BigInteger.valueOf(limit)));
    }
  }

  private static void requireKeyLength(String secretKey, String kdf, BigInteger keyLengthOrNull)
      throws InvalidKeyException {
    if (keyLengthOrNull != null
        && (keyLengthOrNull.signum() <= 0
            || keyLengthOrNull.compareTo(BigInteger.valueOf(MAX_KEY_BYTES)) > 0)) {
      throw new InvalidKeyException(
          UNREADABLE_PEM,
          secretKey,
          "the "
              + kdf
              + " key length of the encrypted private key is "
              + grouped(keyLengthOrNull)
              + " bytes; no cipher uses more than "
              + MAX_KEY_BYTES);
    }
  }

  private static InvalidKeyException tooCostly(String secretKey, String cost, String detail) {
    return new InvalidKeyException(
        TOO_COSTLY_TO_OPEN,
        secretKey,
        "opening the encrypted private key would cost more than "
            + cost
            + ": it asks for "
            + detail
            + "; it is not tried"
            + REENCRYPT);
  }

  private static InvalidKeyException notRead(String secretKey, String what) {
    return new InvalidKeyException(
        UNREADABLE_PEM,
        secretKey,
        "the private key is encrypted with a " + what + ", which is not read here" + REENCRYPT);
  }

  private static InvalidKeyException damaged(String secretKey) {
    return new InvalidKeyException(
        UNREADABLE_PEM,
        secretKey,
        "the encryption parameters of the ENCRYPTED PRIVATE KEY are damaged");
  }

  private static String grouped(BigInteger value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String mebibytes(BigInteger bytes) {
    BigInteger mib = bytes.shiftRight(20);
    return (mib.signum() == 0 ? grouped(bytes) + " bytes" : grouped(mib) + " MiB");
  }
}
