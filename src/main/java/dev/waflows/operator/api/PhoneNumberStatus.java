package dev.waflows.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What Graph last said about one phone number. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PhoneNumberStatus {

  @JsonPropertyDescription("The phone number ID.")
  private String id;

  @JsonPropertyDescription(
      "VALID or MISMATCH, as Graph last reported it; absent if never read successfully.")
  private String signatureStatus;

  @JsonPropertyDescription("True when the key Graph stores for this number is ours.")
  private Boolean keyMatches;

  @JsonPropertyDescription("When the operator last registered the key for this number.")
  private String lastRegisteredTime;

  @JsonPropertyDescription(
      "When the operator last found our key at Graph replaced by another key for this number"
          + " (registered by someone else). A second replacement within an hour stops"
          + " registering the number (reason KeyContested).")
  private String lastReplacedTime;

  @JsonPropertyDescription(
      "When signatureStatus, keyMatches or reason last changed for this number.")
  private String lastTransitionTime;

  @JsonPropertyDescription(
      "CamelCase reason: Registered, NotRegistered, Mismatch, Conflict, KeyContested, InvalidToken,"
          + " PermissionDenied, InvalidPhoneNumber, RateLimited or GraphUnavailable.")
  private String reason;

  @JsonPropertyDescription("Human-readable detail, including Graph's fbtrace_id on errors.")
  private String message;

  public PhoneNumberStatus() {}

  public PhoneNumberStatus(String id) {
    this.id = id;
  }

  /** A copy, so computing a new status never mutates the observed one. */
  public PhoneNumberStatus copy() {
    PhoneNumberStatus c = new PhoneNumberStatus(id);
    c.signatureStatus = signatureStatus;
    c.keyMatches = keyMatches;
    c.lastRegisteredTime = lastRegisteredTime;
    c.lastReplacedTime = lastReplacedTime;
    c.lastTransitionTime = lastTransitionTime;
    c.reason = reason;
    c.message = message;
    return c;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getSignatureStatus() {
    return signatureStatus;
  }

  public void setSignatureStatus(String signatureStatus) {
    this.signatureStatus = signatureStatus;
  }

  public Boolean getKeyMatches() {
    return keyMatches;
  }

  public void setKeyMatches(Boolean keyMatches) {
    this.keyMatches = keyMatches;
  }

  public String getLastRegisteredTime() {
    return lastRegisteredTime;
  }

  public void setLastRegisteredTime(String lastRegisteredTime) {
    this.lastRegisteredTime = lastRegisteredTime;
  }

  public String getLastReplacedTime() {
    return lastReplacedTime;
  }

  public void setLastReplacedTime(String lastReplacedTime) {
    this.lastReplacedTime = lastReplacedTime;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PhoneNumberStatus that)) {
      return false;
    }
    return Objects.equals(id, that.id)
        && Objects.equals(signatureStatus, that.signatureStatus)
        && Objects.equals(keyMatches, that.keyMatches)
        && Objects.equals(lastRegisteredTime, that.lastRegisteredTime)
        && Objects.equals(lastReplacedTime, that.lastReplacedTime)
        && Objects.equals(lastTransitionTime, that.lastTransitionTime)
        && Objects.equals(reason, that.reason)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        signatureStatus,
        keyMatches,
        lastRegisteredTime,
        lastReplacedTime,
        lastTransitionTime,
        reason,
        message);
  }
}
