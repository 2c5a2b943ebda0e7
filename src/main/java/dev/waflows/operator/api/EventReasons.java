package dev.waflows.operator.api;

/**
 * The reasons of the Events the operator records on a FlowsEncryptionKey beside those of {@link
 * Reasons}: a Warning Event also carries a condition's or a number's reason when it changes (e.g.
 * {@code InvalidToken}), and a Normal Event {@code Registered} when a key is registered. In one
 * place, like {@link Reasons}, so that alerts and {@code kubectl get events --field-selector
 * reason=...} can rely on them.
 */
public final class EventReasons {

  /** Normal: the operator generated a key pair and created the key Secret with it. */
  public static final String KEY_GENERATED = "KeyGenerated";

  /** Normal: a rotation made a new pair current and kept the old one as previous-*.pem. */
  public static final String ROTATION_STARTED = "RotationStarted";

  /** Normal: the rotated key is registered and VALID for every phone number. */
  public static final String KEY_REGISTERED = "KeyRegistered";

  /** Normal: keepPreviousFor has passed and previous-*.pem was removed from the key Secret. */
  public static final String PREVIOUS_KEY_REMOVED = "PreviousKeyRemoved";

  /**
   * Normal: the key Secret was generated for an earlier resource of the same name that no longer
   * exists (deleted and applied again, a backup restored); this resource took it over.
   */
  public static final String KEY_ADOPTED = "KeyAdopted";

  /** Warning: a rotate-requested-at value is not acted on (brought key, Verify mode, paused). */
  public static final String ROTATION_REFUSED = "RotationRefused";

  /** Warning: Graph served another API version than the one asked for (Meta retired it). */
  public static final String GRAPH_VERSION_UPGRADED = "GraphVersionUpgraded";

  /**
   * Warning: rotation.registerAfter is under 1m and no spec.endpoint is set, so endpoints may not
   * hold a new key yet when it is registered; once per spec generation.
   */
  public static final String SHORT_REGISTER_AFTER = "ShortRegisterAfter";

  private EventReasons() {}
}
