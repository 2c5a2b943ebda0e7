package dev.waflows.operator.reconciler.spec;

import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.GraphApiSpec;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.graph.AllowedBaseUrls;
import dev.waflows.operator.graph.GraphEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the spec in code as well as in the CRD schema: an API server that skips schema validation
 * (or an old CRD) must still never lead to a Graph call with a bad value.
 */
public final class SpecCheck {

  private static final int MAX_PHONE_NUMBERS = FlowsEncryptionKeySpec.MAX_PHONE_NUMBERS;
  private static final Pattern PHONE_NUMBER_ID =
      Pattern.compile(FlowsEncryptionKeySpec.PHONE_NUMBER_ID_PATTERN);

  private SpecCheck() {}

  /** What a valid spec means once defaults are applied. */
  public record EffectiveSpec(
      Mode mode, Duration interval, GraphEndpoint endpoint, RotationSettings rotation) {}

  /** Either the effective spec, or every problem found. */
  public record Result(Optional<EffectiveSpec> spec, List<String> problems) {}

  /**
   * @param allowed the base URLs a token may be sent to: a resource naming another gets an
   *     InvalidSpec, and nothing is sent anywhere
   */
  public static Result check(
      FlowsEncryptionKeySpec spec, GraphEndpoint defaults, AllowedBaseUrls allowed) {
    List<String> problems = problems(spec);
    if (!problems.isEmpty()) {
      return new Result(Optional.empty(), problems);
    }
    GraphApiSpec api = spec.getGraphApi();
    GraphEndpoint endpoint;
    try {
      endpoint =
          GraphEndpoint.of(
              api == null ? null : api.getBaseUrl(),
              api == null ? null : api.getVersion(),
              defaults);
    } catch (IllegalArgumentException e) {
      return new Result(Optional.empty(), List.of("spec.graphApi: " + e.getMessage()));
    }
    if (!allowed.allows(endpoint)) {
      return new Result(Optional.empty(), List.of("spec.graphApi: " + allowed.refusal(endpoint)));
    }
    return new Result(
        Optional.of(
            new EffectiveSpec(
                spec.getMode() == null ? Mode.Register : spec.getMode(),
                VerifyInterval.parse(spec.getVerifyInterval()).interval().orElseThrow(),
                endpoint,
                RotationSettings.parse(spec.getRotation()).settings().orElseThrow())),
        List.of());
  }

  /** Every problem found, empty when the spec can be acted on. */
  static List<String> problems(FlowsEncryptionKeySpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec is missing");
      return problems;
    }
    List<String> ids = spec.getPhoneNumberIds();
    if (ids == null || ids.isEmpty()) {
      problems.add("spec.phoneNumberIds must list at least one phone number ID");
    } else {
      if (ids.size() > MAX_PHONE_NUMBERS) {
        problems.add(
            "spec.phoneNumberIds lists " + ids.size() + " entries; at most " + MAX_PHONE_NUMBERS);
      }
      Set<String> seen = new HashSet<>();
      for (String id : ids) {
        if (id == null || !PHONE_NUMBER_ID.matcher(id).matches()) {
          problems.add("spec.phoneNumberIds entry \"" + id + "\" is not 1 to 20 digits");
        } else if (!seen.add(id)) {
          problems.add("spec.phoneNumberIds lists " + id + " more than once");
        }
      }
    }
    if (spec.getKeySecretRef() == null || isBlank(spec.getKeySecretRef().getName())) {
      problems.add("spec.keySecretRef.name is required");
    }
    if (spec.getAccessTokenSecretRef() == null
        || isBlank(spec.getAccessTokenSecretRef().getName())) {
      problems.add("spec.accessTokenSecretRef.name is required");
    }
    if (spec.getPassphraseSecretRef() != null && isBlank(spec.getPassphraseSecretRef().getName())) {
      problems.add("spec.passphraseSecretRef.name is required when passphraseSecretRef is set");
    }
    VerifyInterval.parse(spec.getVerifyInterval()).problem().ifPresent(problems::add);
    problems.addAll(RotationSettings.parse(spec.getRotation()).problems());
    return problems;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
