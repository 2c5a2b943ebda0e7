package dev.waflows.operator.flows;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The JCA provider that does {@link FlowsCipher}'s RSA-OAEP and AES-GCM: the JDK's SunJCE, or
 * Amazon Corretto Crypto Provider (AWS-LC, native code) where its library loads. The native RSA
 * private-key operation costs about a third of SunJCE's (docs/benchmarks.md).
 *
 * <p>The native provider is passed to each {@code Cipher.getInstance} as an instance and never
 * installed in the JVM's provider list: nothing else in the process (TLS, key generation, the
 * operator's own crypto) changes. It serves only after it has given exactly SunJCE's bytes for this
 * wire format (RSA-OAEP with SHA-256 and MGF1-SHA-256, AES-128-GCM with a 16-byte IV, a bad tag
 * refused); if its library does not load (another CPU or C library, a temporary directory that
 * cannot hold it) or it disagrees, SunJCE serves and {@link #unavailableReason()} says why.
 */
public final class CipherProvider {

  private static final String SUN_JCE = "SunJCE";

  private final Provider provider;
  private final boolean nativeCode;
  private final String unavailableReason;

  private CipherProvider(Provider provider, boolean nativeCode, String unavailableReason) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.nativeCode = nativeCode;
    this.unavailableReason = unavailableReason;
  }

  /** SunJCE (or the JDK's default where a JDK has none by that name). */
  public static CipherProvider jdk() {
    return new CipherProvider(jdkProvider(), false, null);
  }

  /**
   * The native provider when its library loads in this process and it agrees with SunJCE, else
   * SunJCE. Checked once per process: the library loads once.
   */
  public static CipherProvider nativeIfAvailable() {
    return NativeOnce.CHOICE;
  }

  /** As {@link #nativeIfAvailable()}, with {@code loader} in place of loading the library. */
  static CipherProvider nativeIfAvailable(Supplier<Provider> loader) {
    Provider candidate;
    try {
      candidate = loader.get();
    } catch (RuntimeException | LinkageError e) {
      return fallback("its native library does not load: " + e);
    }
    Optional<String> disagreement = Agreement.with(candidate, jdkProvider());
    if (disagreement.isPresent()) {
      return fallback(disagreement.get());
    }
    return new CipherProvider(candidate, true, null);
  }

  private static CipherProvider fallback(String reason) {
    return new CipherProvider(jdkProvider(), false, reason);
  }

  private static Provider jdkProvider() {
    Provider sun = Security.getProvider(SUN_JCE);
    if (sun != null) {
      return sun;
    }
    try {
      return Cipher.getInstance(FlowsCipher.RSA_OAEP).getProvider();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no RSA-OAEP: " + e.getMessage(), e);
    }
  }

  /** Whether native code does the work. */
  public boolean isNative() {
    return nativeCode;
  }

  /** The provider's name, e.g. {@code SunJCE} or {@code AmazonCorrettoCryptoProvider}. */
  public String name() {
    return provider.getName();
  }

  /** The provider's version. */
  public String version() {
    return provider.getVersionStr();
  }

  /** Why the native provider does not serve, when it was wanted and does not. */
  public Optional<String> unavailableReason() {
    return Optional.ofNullable(unavailableReason);
  }

  Cipher cipher(String transformation) throws GeneralSecurityException {
    return Cipher.getInstance(transformation, provider);
  }

  /**
   * {@code key} as this provider uses it fastest: the native provider would otherwise convert a JDK
   * key on every request, which costs as much as the RSA operation it saves.
   */
  PrivateKey prepare(PrivateKey key) {
    if (!nativeCode) {
      return key;
    }
    try {
      return (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
    } catch (GeneralSecurityException e) {
      // Still opens requests, converted per request.
      return key;
    }
  }

  @Override
  public String toString() {
    return name()
        + " "
        + version()
        + (nativeCode ? " (native)" : "")
        + unavailableReason().map(r -> " (native provider not used: " + r + ")").orElse("");
  }

  /** The process-wide choice, made on first use. */
  private static final class NativeOnce {
    static final CipherProvider CHOICE = nativeIfAvailable(() -> Corretto.load());
  }

  /**
   * Amazon Corretto Crypto Provider, in a class of its own: a class that names it cannot even be
   * linked where its jar is missing, and that error must reach the fallback, not the caller.
   */
  private static final class Corretto {
    static Provider load() {
      AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
      Throwable error = accp.getLoadingError();
      if (error != null) {
        throw new IllegalStateException(error.toString());
      }
      accp.assertHealthy();
      return accp;
    }
  }

  /** Whether a candidate provider gives SunJCE's bytes for this wire format. */
  private static final class Agreement {

    private static final byte[] MESSAGE =
        "{\"version\":\"3.0\",\"action\":\"ping\",\"data\":{\"ü\":[1,2,3]}}"
            .getBytes(StandardCharsets.UTF_8);

    static Optional<String> with(Provider candidate, Provider jdk) {
      try {
        SecureRandom random = new SecureRandom();
        byte[] aesKey = new byte[FlowsCipher.AES_KEY_BYTES];
        byte[] iv = new byte[FlowsCipher.IV_BYTES];
        random.nextBytes(aesKey);
        random.nextBytes(iv);

        byte[] sealed = FlowsCipher.gcm(jdk, Cipher.ENCRYPT_MODE, aesKey, iv).doFinal(MESSAGE);
        byte[] sealedByCandidate =
            FlowsCipher.gcm(candidate, Cipher.ENCRYPT_MODE, aesKey, iv).doFinal(MESSAGE);
        if (!Arrays.equals(sealed, sealedByCandidate)) {
          return Optional.of("AES-GCM with a 16-byte IV differs from SunJCE");
        }
        byte[] damaged = sealed.clone();
        damaged[damaged.length - 1] ^= 1;
        try {
          FlowsCipher.gcm(candidate, Cipher.DECRYPT_MODE, aesKey, iv).doFinal(damaged);
          return Optional.of("AES-GCM accepts a wrong tag");
        } catch (AEADBadTagException expected) {
          // As it must.
        }

        // A small key: the padding and the digests are what is checked, not the key size.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024, random);
        KeyPair pair = generator.generateKeyPair();
        Cipher wrap = Cipher.getInstance(FlowsCipher.RSA_OAEP, jdk);
        wrap.init(Cipher.ENCRYPT_MODE, pair.getPublic(), FlowsCipher.OAEP_SHA256, random);
        byte[] wrapped = wrap.doFinal(aesKey);
        PrivateKey candidateKey =
            (PrivateKey) KeyFactory.getInstance("RSA", candidate).translateKey(pair.getPrivate());
        Cipher unwrap = Cipher.getInstance(FlowsCipher.RSA_OAEP, candidate);
        unwrap.init(Cipher.DECRYPT_MODE, candidateKey, FlowsCipher.OAEP_SHA256);
        if (!Arrays.equals(aesKey, unwrap.doFinal(wrapped))) {
          return Optional.of("RSA-OAEP-SHA256 unwraps another key than SunJCE");
        }
        // MGF1-SHA-1 (what OAEPWithSHA-256AndMGF1Padding alone means) must not open it.
        Cipher sha1Mgf = Cipher.getInstance(FlowsCipher.RSA_OAEP, candidate);
        sha1Mgf.init(
            Cipher.DECRYPT_MODE,
            candidateKey,
            new OAEPParameterSpec(
                "SHA-256", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
        try {
          sha1Mgf.doFinal(wrapped);
          return Optional.of("RSA-OAEP ignores the MGF1 digest");
        } catch (GeneralSecurityException expected) {
          return Optional.empty();
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        return Optional.of("it cannot do this wire format: " + e);
      }
    }
  }
}
