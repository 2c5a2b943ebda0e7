package dev.waflows.operator.api;

/** Condition types in {@code status.conditions}. */
public final class Conditions {

  /** The key pair is loaded or generated and valid. */
  public static final String KEY_READY = "KeyReady";

  /** Every phone number holds our key at Graph. */
  public static final String REGISTERED = "Registered";

  /** KeyReady and every number VALID with our key. */
  public static final String READY = "Ready";

  /** Present, True, while the resource is paused. */
  public static final String PAUSED = "Paused";

  /** True while work toward Ready is under way (new key, rotation, transient retries). */
  public static final String RECONCILING = "Reconciling";

  /** True while only a person can make progress. */
  public static final String STALLED = "Stalled";

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}
}
