package dev.waflows.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Optional;

/** Condition types in {@code status.conditions}. */
public final class Conditions {

  /** The key pair is loaded or generated and valid. */
  public static final String KEY_READY = "KeyReady";

  /** Every phone number holds our key at Graph. */
  public static final String REGISTERED = "Registered";

  /** KeyReady and every number VALID with our key. */
  public static final String READY = "Ready";

  /**
   * True while work toward Ready is under way (first check, new key, rotation, transient retries),
   * as kstatus reads it; never True together with {@link #STALLED}.
   */
  public static final String RECONCILING = "Reconciling";

  /** True while only a person can make progress (the reasons in {@link Reasons#NEED_A_PERSON}). */
  public static final String STALLED = "Stalled";

  /** Present, True, while the resource is paused. */
  public static final String PAUSED = "Paused";

  /**
   * Only with spec.endpoint: True when the endpoint opened a probe sealed to the current key; Ready
   * requires it.
   */
  public static final String ENDPOINT_READY = "EndpointReady";

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}

  /** The condition of that type, if present. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Whether the condition of that type is present and True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).filter(c -> TRUE.equals(c.getStatus())).isPresent();
  }
}
