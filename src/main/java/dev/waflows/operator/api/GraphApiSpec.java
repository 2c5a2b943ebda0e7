package dev.waflows.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Which Graph API to talk to; both fields fall back to the operator's defaults. */
public class GraphApiSpec {

  @Pattern("^v[0-9]+\\.[0-9]+$")
  @JsonPropertyDescription(
      "Graph API version such as v24.0. Defaults to the operator's default (v24.0 unless the"
          + " operator is configured otherwise).")
  private String version;

  @Pattern("^https?://[^\\s?#]+$")
  @JsonPropertyDescription(
      "Base URL of the Graph API, https://graph.facebook.com when omitted. Must be on the"
          + " operator's allow-list (GRAPH_ALLOWED_BASE_URLS), otherwise the resource gets"
          + " Ready=False reason InvalidSpec and no request is sent.")
  private String baseUrl;

  public GraphApiSpec() {}

  public GraphApiSpec(String version, String baseUrl) {
    this.version = version;
    this.baseUrl = baseUrl;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }
}
