package dev.waflows.sandbox;

/**
 * The two shapes in which Graph answers {@code GET .../whatsapp_business_encryption}; the real API
 * has been seen to use both, so a client must read either.
 */
public enum Shape {
  /** {@code {"business_public_key": "...", "business_public_key_signature_status": "VALID"}}. */
  FLAT,
  /** {@code {"data": [{...same fields...}]}}, as in the API reference and Meta's Postman set. */
  WRAPPED
}
