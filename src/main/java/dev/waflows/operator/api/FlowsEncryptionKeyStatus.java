package dev.waflows.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed. Holds no heartbeat timestamps, so a quiet resource stays quiet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FlowsEncryptionKeyStatus {

  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

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
  private List<PhoneNumberStatus> phoneNumbers = new ArrayList<>();

  @JsonPropertyDescription(
      "Standard conditions: KeyReady, Registered, Ready, Reconciling and Stalled (kstatus),"
          + " Paused while paused, EndpointReady when spec.endpoint is set.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getKeyFingerprint() {
    return keyFingerprint;
  }

  public void setKeyFingerprint(String keyFingerprint) {
    this.keyFingerprint = keyFingerprint;
  }

  public KeySource getKeySource() {
    return keySource;
  }

  public void setKeySource(KeySource keySource) {
    this.keySource = keySource;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
  }

  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }

  public String getLastHandledRotateAt() {
    return lastHandledRotateAt;
  }

  public void setLastHandledRotateAt(String lastHandledRotateAt) {
    this.lastHandledRotateAt = lastHandledRotateAt;
  }

  public String getPreviousKeyFingerprint() {
    return previousKeyFingerprint;
  }

  public void setPreviousKeyFingerprint(String previousKeyFingerprint) {
    this.previousKeyFingerprint = previousKeyFingerprint;
  }

  public String getPreviousKeyExpiresTime() {
    return previousKeyExpiresTime;
  }

  public void setPreviousKeyExpiresTime(String previousKeyExpiresTime) {
    this.previousKeyExpiresTime = previousKeyExpiresTime;
  }

  public String getLastRotationTime() {
    return lastRotationTime;
  }

  public void setLastRotationTime(String lastRotationTime) {
    this.lastRotationTime = lastRotationTime;
  }

  public String getNextRotationTime() {
    return nextRotationTime;
  }

  public void setNextRotationTime(String nextRotationTime) {
    this.nextRotationTime = nextRotationTime;
  }

  public List<PhoneNumberStatus> getPhoneNumbers() {
    return phoneNumbers;
  }

  public void setPhoneNumbers(List<PhoneNumberStatus> phoneNumbers) {
    this.phoneNumbers = phoneNumbers;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FlowsEncryptionKeyStatus that)) {
      return false;
    }
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(keyFingerprint, that.keyFingerprint)
        && keySource == that.keySource
        && mode == that.mode
        && Objects.equals(summary, that.summary)
        && Objects.equals(lastHandledReconcileAt, that.lastHandledReconcileAt)
        && Objects.equals(lastHandledRotateAt, that.lastHandledRotateAt)
        && Objects.equals(previousKeyFingerprint, that.previousKeyFingerprint)
        && Objects.equals(previousKeyExpiresTime, that.previousKeyExpiresTime)
        && Objects.equals(lastRotationTime, that.lastRotationTime)
        && Objects.equals(nextRotationTime, that.nextRotationTime)
        && Objects.equals(phoneNumbers, that.phoneNumbers)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        keyFingerprint,
        keySource,
        mode,
        summary,
        lastHandledReconcileAt,
        lastHandledRotateAt,
        previousKeyFingerprint,
        previousKeyExpiresTime,
        lastRotationTime,
        nextRotationTime,
        phoneNumbers,
        conditions);
  }
}
