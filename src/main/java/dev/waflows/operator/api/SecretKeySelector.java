package dev.waflows.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Names one key of a Secret in the resource's own namespace. */
public class SecretKeySelector {

  /** A DNS subdomain, as Kubernetes requires of Secret names. */
  static final String SECRET_NAME_PATTERN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  @Required
  @Pattern(SECRET_NAME_PATTERN)
  @JsonPropertyDescription("Name of the Secret in the resource's namespace.")
  private String name;

  @Pattern("^[-._a-zA-Z0-9]+$")
  @JsonPropertyDescription("Key within the Secret's data. Each reference documents its default.")
  private String key;

  public SecretKeySelector() {}

  public SecretKeySelector(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  /** The key to read, or {@code defaultKey} when the user left it out. */
  public String keyOr(String defaultKey) {
    return key == null || key.isBlank() ? defaultKey : key;
  }
}
