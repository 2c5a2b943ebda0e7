package dev.waflows.operator.reconciler.endpoint;

import dev.waflows.operator.api.EndpointSpec;
import dev.waflows.operator.endpoint.EndpointUrls;
import java.util.List;
import java.util.Optional;

/**
 * Checks {@code spec.endpoint} in code as well as in the schema: a URL the operator may not probe
 * is an InvalidSpec, and nothing is sent anywhere. Pure.
 */
public final class EndpointSpecCheck {

  private EndpointSpecCheck() {}

  /**
   * @param url the endpoint to probe, when the spec names one that is allowed
   * @param problems why the spec's endpoint cannot be used; empty when it can (or none is set)
   */
  public record Result(Optional<String> url, List<String> problems) {}

  public static Result check(EndpointSpec endpoint, String namespace, EndpointUrls allowed) {
    if (endpoint == null) {
      return new Result(Optional.empty(), List.of());
    }
    if (endpoint.getUrl() == null || endpoint.getUrl().isBlank()) {
      return new Result(Optional.empty(), List.of("spec.endpoint.url is required"));
    }
    if (endpoint.getAppSecretRef() != null
        && (endpoint.getAppSecretRef().getName() == null
            || endpoint.getAppSecretRef().getName().isBlank())) {
      return new Result(
          Optional.empty(),
          List.of("spec.endpoint.appSecretRef.name is required when appSecretRef is set"));
    }
    Optional<String> refusal = allowed.refusal(endpoint.getUrl(), namespace);
    return refusal
        .map(r -> new Result(Optional.<String>empty(), List.of(r)))
        .orElse(new Result(Optional.of(endpoint.getUrl().strip()), List.of()));
  }
}
