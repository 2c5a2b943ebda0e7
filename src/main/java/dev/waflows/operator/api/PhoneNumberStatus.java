package dev.waflows.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/** What Graph last said about one phone number. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Data
@Builder(toBuilder = true)
@NoArgsConstructor
@AllArgsConstructor
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

  public PhoneNumberStatus(String id) {
    this.id = id;
  }

  /** A copy, so computing a new status never mutates the observed one. */
  public PhoneNumberStatus copy() {
    return toBuilder().build();
  }
}
