package dev.waflows.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/** What the operator observed. Holds no heartbeat timestamps, so a quiet resource stays quiet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Data
@Builder(toBuilder = true)
@NoArgsConstructor
@AllArgsConstructor
public class FlowsEncryptionKeyStatus {

  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "When the operator first saw the generation in observedGeneration. A Secret the spec names"
          + " that does not exist yet is awaited (Reconciling) for 5 minutes from then, and only"
          + " then Stalled. Changes only with observedGeneration.")
  private String generationObservedTime;

  @JsonPropertyDescription(
      "SHA256: followed by unpadded base64 of SHA-256 over the DER SubjectPublicKeyInfo of the"
          + " key in use (the form ssh-keygen -l prints).")
  private String keyFingerprint;

  @JsonPropertyDescription("Generated when the operator made the key, Loaded when the user did.")
  private KeySource keySource;

  @JsonPropertyDescription("Mode in effect: Register or Verify.")
  private Mode mode;

  @JsonPropertyDescription("Phone numbers VALID with our key / all phone numbers, e.g. 2/3.")
  private String summary;

  @JsonPropertyDescription(
      "The value of the waflows.dev/reconcile-requested-at annotation last handled.")
  private String lastHandledReconcileAt;

  @JsonPropertyDescription(
      "The value of the waflows.dev/rotate-requested-at annotation last handled: echoed once the"
          + " key that rotation made is registered for every phone number.")
  private String lastHandledRotateAt;

  @JsonPropertyDescription(
      "Fingerprint of the previous key, while the key Secret still keeps it (previous-*.pem).")
  private String previousKeyFingerprint;

  @JsonPropertyDescription(
      "When the previous key will be removed from the key Secret: keepPreviousFor after every"
          + " phone number held the new key VALID.")
  private String previousKeyExpiresTime;

  @JsonPropertyDescription(
      "When the current key became current by a rotation; absent before the first rotation.")
  private String lastRotationTime;

  @JsonPropertyDescription("When the next scheduled rotation is due, when rotation.every is set.")
  private String nextRotationTime;

  @JsonPropertyDescription("State of each phone number, in spec order.")
  @Builder.Default
  private List<PhoneNumberStatus> phoneNumbers = new ArrayList<>();

  @JsonPropertyDescription(
      "Standard conditions: KeyReady, Registered, Ready, Reconciling and Stalled (kstatus),"
          + " Paused while paused, EndpointReady when spec.endpoint is set.")
  @Builder.Default
  private List<Condition> conditions = new ArrayList<>();

  /**
   * A copy to compute the next status from: every field through the generated builder, the lists
   * fresh, so the observed status is never mutated.
   */
  public FlowsEncryptionKeyStatus copy() {
    return toBuilder()
        .phoneNumbers(
            phoneNumbers == null
                ? null
                : new ArrayList<>(phoneNumbers.stream().map(PhoneNumberStatus::copy).toList()))
        .conditions(conditions == null ? null : new ArrayList<>(conditions))
        .build();
  }
}
