package dev.waflows.operator.reconciler.claims;

import dev.waflows.operator.api.Annotations;
import dev.waflows.operator.api.Conditions;
import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.FlowsEncryptionKeyStatus;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.api.PhoneNumberStatus;
import dev.waflows.operator.api.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the claim rules need to know of one resource, and nothing more. Built by {@link #of}, a
 * total function: the resource is another tenant's object and may lack any part (status, entries,
 * reasons, spec fields), and none of that may throw.
 *
 * @param created the creation timestamp, empty when unknown (sorts first, as the API server's RFC
 *     3339 strings do among themselves)
 * @param registers in Register mode (the default), rather than Verify
 * @param keyUsable the key is ready, or not looked at yet: the older resource gets its first chance
 * @param holds the numbers whose entry says Graph held this resource's key when it last looked
 * @param refused the numbers for which Graph refused this resource's token
 */
public record Claim(
    String namespace,
    String name,
    String created,
    boolean deleting,
    boolean registers,
    boolean paused,
    boolean keyUsable,
    Set<String> holds,
    Set<String> refused) {

  /** Per-number answers that say this resource's token cannot register the number. */
  private static final Set<String> CANNOT_REACH =
      Set.of(Reasons.INVALID_TOKEN, Reasons.PERMISSION_DENIED, Reasons.INVALID_PHONE_NUMBER);

  public Claim {
    holds = Set.copyOf(holds);
    refused = Set.copyOf(refused);
  }

  public static Claim of(FlowsEncryptionKey r) {
    ObjectMeta meta = r.getMetadata() == null ? new ObjectMeta() : r.getMetadata();
    FlowsEncryptionKeySpec spec = r.getSpec();
    FlowsEncryptionKeyStatus status = r.getStatus();
    List<PhoneNumberStatus> entries =
        status == null ? List.of() : nonNull(status.getPhoneNumbers());
    return new Claim(
        Objects.requireNonNullElse(meta.getNamespace(), ""),
        Objects.requireNonNullElse(meta.getName(), ""),
        Objects.requireNonNullElse(meta.getCreationTimestamp(), ""),
        meta.getDeletionTimestamp() != null,
        spec == null || spec.getMode() != Mode.Verify,
        Annotations.isPaused(r),
        status == null || keyUsable(nonNull(status.getConditions())),
        numbers(entries, n -> Boolean.TRUE.equals(n.getKeyMatches())),
        numbers(
            entries, n -> CANNOT_REACH.contains(Objects.requireNonNullElse(n.getReason(), ""))));
  }

  /** Register mode, not paused, a usable key, and a token Graph did not refuse for the number. */
  boolean canRegister(String number) {
    return registers && !paused && keyUsable && !refused.contains(number);
  }

  boolean isSameAs(Claim other) {
    return namespace.equals(other.namespace) && name.equals(other.name);
  }

  private static boolean keyUsable(List<Condition> conditions) {
    return Conditions.find(conditions, Conditions.KEY_READY)
        .map(c -> Conditions.TRUE.equals(c.getStatus()) || Reasons.PENDING.equals(c.getReason()))
        .orElse(true);
  }

  private static Set<String> numbers(
      List<PhoneNumberStatus> entries, Predicate<PhoneNumberStatus> which) {
    return entries.stream()
        .filter(n -> n.getId() != null && which.test(n))
        .map(PhoneNumberStatus::getId)
        .collect(Collectors.toSet());
  }

  private static <T> List<T> nonNull(Collection<T> items) {
    return items == null ? List.of() : items.stream().filter(Objects::nonNull).toList();
  }
}
