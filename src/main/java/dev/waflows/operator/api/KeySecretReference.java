package dev.waflows.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Names a Secret in the resource's own namespace. */
public class KeySecretReference {

  @Required
  @Pattern(SecretKeySelector.SECRET_NAME_PATTERN)
  @JsonPropertyDescription("Name of the Secret in the resource's namespace.")
  private String name;

  public KeySecretReference() {}

  public KeySecretReference(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
