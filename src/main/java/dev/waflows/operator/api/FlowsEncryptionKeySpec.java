package dev.waflows.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What the user asks for. The operator never writes here: defaults live in code. */
public class FlowsEncryptionKeySpec {

  /** A phone number ID as Graph writes it: digits only. The schema and the code check it alike. */
  public static final String PHONE_NUMBER_ID_PATTERN = "^[0-9]{1,20}$";

  /** How many phone numbers one resource may list. */
  public static final int MAX_PHONE_NUMBERS = 200;

  /** Durations such as 45m, 1h or 1h30m: up to three parts, seconds, minutes or hours. */
  public static final String DURATION_PATTERN = "^([0-9]{1,6}(s|m|h)){1,3}$";

  @Required
  @Size(min = 1, max = MAX_PHONE_NUMBERS)
  @JsonPropertyDescription(
      "WhatsApp phone number IDs (not phone numbers) whose business public key this resource"
          + " manages. 1 to 200 unique entries of digits only.")
  private List<@Pattern(PHONE_NUMBER_ID_PATTERN) String> phoneNumberIds;

  @Required
  @JsonPropertyDescription(
      "The Secret in this namespace that holds the key pair (private.pem and public.pem, or"
          + " tls.crt and tls.key). Created with a new pair when missing in Register mode.")
  private KeySecretReference keySecretRef;

  @JsonPropertyDescription(
      "Optional passphrase for the private key: a generated key is written as encrypted PKCS#8,"
          + " a loaded encrypted key is decrypted with it.")
  private SecretKeySelector passphraseSecretRef;

  @Required
  @JsonPropertyDescription(
      "Secret key holding a system-user access token with the whatsapp_business_messaging"
          + " permission. The key defaults to \"token\".")
  private SecretKeySelector accessTokenSecretRef;

  @JsonPropertyDescription("Where and which version of Meta's Graph API to call.")
  private GraphApiSpec graphApi;

  @JsonPropertyDescription(
      "Register (default): create the key when missing and register it for every number."
          + " Verify: only read what Graph holds; never register, never create a Secret.")
  private Mode mode;

  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription(
      "How often each number is checked against Graph, as a duration such as 30m or 1h30m"
          + " (units s, m, h). Defaults to 1h; at least 1m.")
  private String verifyInterval;

  @JsonPropertyDescription(
      "Retain (default): deleting this resource keeps the key Secret. Delete: a Secret that the"
          + " operator generated is deleted with the resource (never a Secret the user brought).")
  private SecretDeletionPolicy secretDeletionPolicy;

  @JsonPropertyDescription(
      "Key rotation, for keys the operator generated: on a schedule (every) and on request (the"
          + " waflows.dev/rotate-requested-at annotation), with the old key kept for a while.")
  private RotationSpec rotation;

  @JsonPropertyDescription(
      "The Flows endpoint that serves requests sealed to this key. When set, the operator probes"
          + " it with a Flows ping sealed to the key (as Meta's health check does), reports"
          + " EndpointReady, and registers a key (the first one, one replacing a key Graph holds,"
          + " a rotated one) only after the endpoint opened a probe sealed to it.")
  private EndpointSpec endpoint;

  public List<String> getPhoneNumberIds() {
    return phoneNumberIds;
  }

  public void setPhoneNumberIds(List<String> phoneNumberIds) {
    this.phoneNumberIds = phoneNumberIds;
  }

  public KeySecretReference getKeySecretRef() {
    return keySecretRef;
  }

  public void setKeySecretRef(KeySecretReference keySecretRef) {
    this.keySecretRef = keySecretRef;
  }

  public SecretKeySelector getPassphraseSecretRef() {
    return passphraseSecretRef;
  }

  public void setPassphraseSecretRef(SecretKeySelector passphraseSecretRef) {
    this.passphraseSecretRef = passphraseSecretRef;
  }

  public SecretKeySelector getAccessTokenSecretRef() {
    return accessTokenSecretRef;
  }

  public void setAccessTokenSecretRef(SecretKeySelector accessTokenSecretRef) {
    this.accessTokenSecretRef = accessTokenSecretRef;
  }

  public GraphApiSpec getGraphApi() {
    return graphApi;
  }

  public void setGraphApi(GraphApiSpec graphApi) {
    this.graphApi = graphApi;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public String getVerifyInterval() {
    return verifyInterval;
  }

  public void setVerifyInterval(String verifyInterval) {
    this.verifyInterval = verifyInterval;
  }

  public SecretDeletionPolicy getSecretDeletionPolicy() {
    return secretDeletionPolicy;
  }

  public void setSecretDeletionPolicy(SecretDeletionPolicy secretDeletionPolicy) {
    this.secretDeletionPolicy = secretDeletionPolicy;
  }

  public RotationSpec getRotation() {
    return rotation;
  }

  public void setRotation(RotationSpec rotation) {
    this.rotation = rotation;
  }

  public EndpointSpec getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(EndpointSpec endpoint) {
    this.endpoint = endpoint;
  }
}
