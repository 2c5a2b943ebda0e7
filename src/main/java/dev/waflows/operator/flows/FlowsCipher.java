package dev.waflows.operator.flows;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Flows endpoint encryption, both directions. Thread-safe and stateless apart from its random
 * source.
 *
 * <ul>
 *   <li>The request's AES-128 key is wrapped with RSA-OAEP, SHA-256 and MGF1-SHA-256. The OAEP
 *       parameters are always passed explicitly: SunJCE's {@code OAEPWithSHA-256AndMGF1Padding}
 *       alone means MGF1-SHA-1, which fails against every WhatsApp client.
 *   <li>The request JSON is AES-128-GCM with a 16-byte IV (not the usual 12), a 128-bit tag
 *       appended, no additional data.
 *   <li>The answer is AES-128-GCM with the same key and the IV with every bit flipped, the tag
 *       appended, sent as base64.
 * </ul>
 *
 * <p>A {@link CipherProvider} does the work: SunJCE (whose RSA and GCM use the CPU's intrinsics),
 * or for the proxy the native provider where it loads. Bouncy Castle is needed only to read PEM,
 * elsewhere.
 */
public final class FlowsCipher {

  /** The IV length WhatsApp clients use. */
  public static final int IV_BYTES = 16;

  static final int AES_KEY_BYTES = 16;
  static final int TAG_BITS = 128;

  static final String RSA_OAEP = "RSA/ECB/OAEPPadding";
  static final OAEPParameterSpec OAEP_SHA256 =
      new OAEPParameterSpec(
          "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

  private static final String AES_GCM = "AES/GCM/NoPadding";

  private final CipherProvider provider;
  private final SecureRandom random;

  /** SunJCE, with a fresh {@link SecureRandom} (the platform default). */
  public FlowsCipher() {
    this(CipherProvider.jdk());
  }

  /** {@code provider}'s RSA and AES-GCM, with a fresh {@link SecureRandom}. */
  public FlowsCipher(CipherProvider provider) {
    this(provider, new SecureRandom());
  }

  FlowsCipher(CipherProvider provider, SecureRandom random) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Who does the work. */
  public CipherProvider provider() {
    return provider;
  }

  /**
   * {@code privateKey} in the form {@link #open} uses fastest with this cipher's provider; call it
   * once per key (when keys are loaded), not per request.
   */
  public PrivateKey openingKey(PrivateKey privateKey) {
    return provider.prepare(privateKey);
  }

  /**
   * Seals a request as a WhatsApp client does: a fresh AES-128 key and 16-byte IV, the key wrapped
   * to {@code publicKey}.
   */
  public SealedRequest seal(byte[] plaintextJson, PublicKey publicKey) {
    byte[] aesKey = new byte[AES_KEY_BYTES];
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(aesKey);
    random.nextBytes(iv);
    try {
      Cipher rsa = provider.cipher(RSA_OAEP);
      rsa.init(Cipher.ENCRYPT_MODE, publicKey, OAEP_SHA256, random);
      byte[] wrappedKey = rsa.doFinal(aesKey);
      byte[] flowData = gcm(Cipher.ENCRYPT_MODE, aesKey, iv).doFinal(plaintextJson);
      Base64.Encoder base64 = Base64.getEncoder();
      EncryptedRequest body =
          new EncryptedRequest(
              base64.encodeToString(flowData),
              base64.encodeToString(wrappedKey),
              base64.encodeToString(iv));
      return new SealedRequest(body, new ResponseKey(aesKey, iv));
    } catch (GeneralSecurityException e) {
      // Only a key that is not RSA, or one too small for OAEP-SHA256, gets here.
      throw new IllegalArgumentException(
          "cannot seal to this public key: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Opens a request with one private key (best prepared by {@link #openingKey}).
   *
   * @throws CannotDecryptException if the IV is not 16 bytes, the key does not unwrap (not sealed
   *     to this key, or damaged), the unwrapped key is not AES-128, or the GCM tag fails
   */
  public OpenedRequest open(EncryptedRequest request, PrivateKey privateKey)
      throws CannotDecryptException {
    byte[] iv = request.iv();
    if (iv.length != IV_BYTES) {
      throw new CannotDecryptException(
          "the initial vector has " + iv.length + " bytes, not " + IV_BYTES);
    }
    byte[] aesKey;
    try {
      Cipher rsa = provider.cipher(RSA_OAEP);
      rsa.init(Cipher.DECRYPT_MODE, privateKey, OAEP_SHA256);
      aesKey = rsa.doFinal(request.aesKey());
    } catch (GeneralSecurityException e) {
      throw new CannotDecryptException(
          "the AES key does not unwrap with this private key (RSA-OAEP-SHA256)");
    }
    if (aesKey.length != AES_KEY_BYTES) {
      int length = aesKey.length;
      Arrays.fill(aesKey, (byte) 0);
      throw new CannotDecryptException(
          "the unwrapped AES key has " + length + " bytes, not " + AES_KEY_BYTES);
    }
    try {
      byte[] plaintext = gcm(Cipher.DECRYPT_MODE, aesKey, iv).doFinal(request.flowData());
      return new OpenedRequest(plaintext, new ResponseKey(aesKey, iv));
    } catch (AEADBadTagException e) {
      throw new CannotDecryptException("the flow data fails its GCM tag");
    } catch (GeneralSecurityException e) {
      throw new CannotDecryptException("the flow data does not decrypt (AES-128-GCM)");
    }
  }

  /** Seals an endpoint's answer to an opened request: base64 of GCM with the flipped IV. */
  public String sealResponse(byte[] answerJson, OpenedRequest request) {
    try {
      byte[] sealed = gcm(Cipher.ENCRYPT_MODE, request.key()).doFinal(answerJson);
      return Base64.getEncoder().encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      // The key and IV were checked when the request was opened.
      throw new IllegalStateException("AES-128-GCM is not available", e);
    }
  }

  /**
   * Opens an endpoint's answer to a request this side sealed.
   *
   * @throws CannotDecryptException if the answer is not base64 or fails its GCM tag
   */
  public byte[] openResponse(String base64Answer, SealedRequest request)
      throws CannotDecryptException {
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(base64Answer.strip());
    } catch (IllegalArgumentException e) {
      throw new CannotDecryptException("the answer is not base64");
    }
    try {
      return gcm(Cipher.DECRYPT_MODE, request.key()).doFinal(sealed);
    } catch (AEADBadTagException e) {
      throw new CannotDecryptException(
          "the answer fails its GCM tag (not sealed with the request's key and flipped IV)");
    } catch (GeneralSecurityException e) {
      throw new CannotDecryptException("the answer does not decrypt (AES-128-GCM)");
    }
  }

  /** GCM for an answer: the request's key, the IV flipped. */
  private Cipher gcm(int mode, ResponseKey key) throws GeneralSecurityException {
    return gcm(mode, key.aesKey(), flipped(key.iv()));
  }

  private Cipher gcm(int mode, byte[] aesKey, byte[] iv) throws GeneralSecurityException {
    return initGcm(provider.cipher(AES_GCM), mode, aesKey, iv);
  }

  static Cipher gcm(Provider provider, int mode, byte[] aesKey, byte[] iv)
      throws GeneralSecurityException {
    return initGcm(Cipher.getInstance(AES_GCM, provider), mode, aesKey, iv);
  }

  private static Cipher initGcm(Cipher cipher, int mode, byte[] aesKey, byte[] iv)
      throws GeneralSecurityException {
    cipher.init(mode, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
    return cipher;
  }

  /** The answer's IV: every bit of the request's IV flipped. */
  static byte[] flipped(byte[] iv) {
    byte[] out = new byte[iv.length];
    for (int i = 0; i < iv.length; i++) {
      out[i] = (byte) ~iv[i];
    }
    return out;
  }
}
