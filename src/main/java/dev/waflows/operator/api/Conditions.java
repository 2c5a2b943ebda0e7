package dev.waflows.operator.api;

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
}
