package dev.waflows.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** When and how the operator replaces a key pair it generated. */
public class RotationSpec {

  @Pattern("^([0-9]{1,6}(m|h)){1,2}$")
  @JsonPropertyDescription(
      "Rotate the key this long after it became current, as a duration such as 2160h or 720h30m"
          + " (units m, h); at least 1h. No scheduled rotation when omitted. Only keys the"
          + " operator generated for this resource are rotated.")
  private String every;

  @Pattern("^([0-9]{1,6}(s|m|h)){1,3}$")
  @JsonPropertyDescription(
      "How long after the new key is written to the key Secret it is registered with Graph"
          + " (units s, m, h); 2m when omitted. Leaves time for Flows endpoints that mount the"
          + " Secret to see the new private key (the kubelet refreshes mounted Secrets within"
          + " about a minute) before any client encrypts to the new public key.")
  private String registerAfter;

  @Pattern("^([0-9]{1,6}(s|m|h)){1,3}$")
  @JsonPropertyDescription(
      "How long the old pair stays in the key Secret (previous-private.pem, previous-public.pem)"
          + " after every phone number holds the new key VALID (units s, m, h); 24h when omitted,"
          + " 0s removes it at once. Requests that clients sealed to the old key before they"
          + " fetched the new one can be opened with it meanwhile.")
  private String keepPreviousFor;

  public RotationSpec() {}

  public RotationSpec(String every, String registerAfter, String keepPreviousFor) {
    this.every = every;
    this.registerAfter = registerAfter;
    this.keepPreviousFor = keepPreviousFor;
  }

  public String getEvery() {
    return every;
  }

  public void setEvery(String every) {
    this.every = every;
  }

  public String getRegisterAfter() {
    return registerAfter;
  }

  public void setRegisterAfter(String registerAfter) {
    this.registerAfter = registerAfter;
  }

  public String getKeepPreviousFor() {
    return keepPreviousFor;
  }

  public void setKeepPreviousFor(String keepPreviousFor) {
    this.keepPreviousFor = keepPreviousFor;
  }
}
