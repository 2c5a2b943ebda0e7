package dev.waflows.operator.graph;

/**
 * The two calls on Graph's {@code whatsapp_business_encryption} edge. Blocking; implementations are
 * thread-safe. Reconciler tests can substitute a fake with failure switches.
 */
public interface WhatsAppEncryptionApi {

  /**
   * {@code GET {baseUrl}/{version}/{phoneNumberId}/whatsapp_business_encryption}.
   *
   * @return the stored key, or {@link StoredKey#none()} when none is set
   * @throws GraphApiException typed failure; {@link GraphErrorReason#InvalidPhoneNumber} without
   *     any request when {@code phoneNumberId} is not 1-20 digits
   */
  StoredKey get(GraphEndpoint endpoint, String phoneNumberId, AccessToken token)
      throws GraphApiException;

  /**
   * {@code POST} of {@code business_public_key=<publicKeyPem>} (form-encoded) to the same path.
   * Succeeds only when Graph answers {@code {"success": true}}.
   *
   * @throws GraphApiException typed failure; {@link GraphErrorReason#InvalidPhoneNumber} without
   *     any request when {@code phoneNumberId} is not 1-20 digits
   */
  void register(
      GraphEndpoint endpoint, String phoneNumberId, AccessToken token, String publicKeyPem)
      throws GraphApiException;
}
