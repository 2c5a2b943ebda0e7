package dev.waflows.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The Flows endpoint that serves requests sealed to this resource's key. The operator probes it as
 * Meta's health check does and registers a key only after the endpoint opened a probe sealed to it.
 */
public class EndpointSpec {

  /** The entry of {@link #appSecretRef} read when it names none. */
  public static final String DEFAULT_APP_SECRET_KEY = "app-secret";

  /** http(s), no user info, no white space, no fragment. The code checks the rest. */
  public static final String URL_PATTERN = "^https?://[^\\s@#/?]+(/[^\\s#]*)?$";

  @Required
  @Size(max = 2048)
  @Pattern(URL_PATTERN)
  @JsonPropertyDescription(
      "Where Meta's Flows requests arrive (the proxy, or the app itself), e.g."
          + " http://shop-flows.whatsapp.svc:8787/flows. By default only an http or https Service"
          + " of this resource's namespace (<service>.<namespace>.svc[.cluster.local], any port)"
          + " is allowed; the operator's ENDPOINT_ALLOWED_URLS adds others. Any other URL gets"
          + " Ready=False reason InvalidSpec and nothing is sent.")
  private String url;

  @JsonPropertyDescription(
      "Secret key holding the Meta app secret, so that probes are signed (X-Hub-Signature-256)"
          + " as Meta signs requests. The Secret must be of type Opaque; the key defaults to"
          + " \"app-secret\". Probes are unsigned when omitted.")
  private SecretKeySelector appSecretRef;

  public EndpointSpec() {}

  public EndpointSpec(String url, SecretKeySelector appSecretRef) {
    this.url = url;
    this.appSecretRef = appSecretRef;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public SecretKeySelector getAppSecretRef() {
    return appSecretRef;
  }

  public void setAppSecretRef(SecretKeySelector appSecretRef) {
    this.appSecretRef = appSecretRef;
  }
}
