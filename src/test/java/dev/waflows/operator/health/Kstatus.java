package dev.waflows.operator.health;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The status that kstatus ({@code sigs.k8s.io/cli-utils/pkg/kstatus/status}, what Flux's health
 * checks and {@code kpt} run) computes for a custom resource, written down rule by rule so that
 * tests can assert what those tools will show. {@code status.Compute} for a kind without a built-in
 * rule (every custom resource) applies, in this order, the first rule that decides:
 *
 * <ol>
 *   <li>{@code metadata.deletionTimestamp} set: Terminating ("Resource scheduled for deletion").
 *   <li>{@code metadata.generation} and {@code status.observedGeneration} both present and
 *       different: InProgress ({@code LatestGenerationNotObserved}). A missing {@code
 *       observedGeneration} skips this rule (it does not mean InProgress).
 *   <li>The conditions, in the order the list holds them: the first that is {@code
 *       Reconciling=True} gives InProgress, the first that is {@code Stalled=True} gives Failed
 *       (whichever comes first in the list wins; a resource should never be both).
 *   <li>The first condition of type {@code Ready}: {@code True} gives Current; {@code False} or
 *       {@code Unknown} gives InProgress with its reason and message (kstatus cannot tell a doomed
 *       resource from a progressing one here: that is what Stalled is for).
 *   <li>Otherwise Current ("Resource is current"): kstatus assumes an object with none of these
 *       signals is reconciled, which is why an operator must set Reconciling (or Ready=False)
 *       before it is done.
 * </ol>
 *
 * The rules are those of {@code checkGenericProperties} and {@code checkGeneration} (generic.go)
 * and {@code Compute} and {@code checkReadyCondition} (status.go).
 */
public final class Kstatus {

  /** kstatus' statuses (NotFound and Unknown need a cluster lookup and do not apply here). */
  public enum Status {
    CURRENT,
    IN_PROGRESS,
    FAILED,
    TERMINATING
  }

  /** The status with the reason and message kstatus reports alongside. */
  public record Result(Status status, String reason, String message) {}

  private Kstatus() {}

  /**
   * Computes the kstatus status of a custom resource: a Fabric8 object (typed or generic), a {@code
   * Map}, a Jackson tree or JSON text.
   */
  public static Result compute(Object resource) {
    JsonNode obj = ResourceJson.tree(resource);
    JsonNode metadata = obj.path("metadata");
    JsonNode status = obj.path("status");

    String deletion = metadata.path("deletionTimestamp").asText("");
    if (!deletion.isEmpty()) {
      return new Result(Status.TERMINATING, "", "Resource scheduled for deletion");
    }

    JsonNode generation = metadata.path("generation");
    JsonNode observed = status.path("observedGeneration");
    if (generation.isIntegralNumber()
        && observed.isIntegralNumber()
        && generation.longValue() != observed.longValue()) {
      return new Result(
          Status.IN_PROGRESS,
          "LatestGenerationNotObserved",
          String.format(
              "%s generation is %d, but latest observed generation is %d",
              obj.path("kind").asText(), generation.longValue(), observed.longValue()));
    }

    JsonNode conditions = status.path("conditions");
    for (JsonNode c : conditions) {
      boolean isTrue = "True".equals(c.path("status").asText());
      String type = c.path("type").asText();
      if (isTrue && type.equals("Reconciling")) {
        return result(Status.IN_PROGRESS, c);
      }
      if (isTrue && type.equals("Stalled")) {
        return result(Status.FAILED, c);
      }
    }

    for (JsonNode c : conditions) {
      if (!c.path("type").asText().equals("Ready")) {
        continue;
      }
      switch (c.path("status").asText()) {
        case "True":
          return new Result(Status.CURRENT, "", "Resource is Ready");
        case "False":
        case "Unknown":
          return result(Status.IN_PROGRESS, c);
        default:
          // kstatus ignores a Ready condition with any other status and looks further.
      }
    }
    return new Result(Status.CURRENT, "", "Resource is current");
  }

  private static Result result(Status status, JsonNode condition) {
    return new Result(
        status, condition.path("reason").asText(""), condition.path("message").asText(""));
  }
}
