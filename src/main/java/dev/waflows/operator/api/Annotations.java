package dev.waflows.operator.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Optional;

/** Annotations and labels the operator reads or writes. */
public final class Annotations {

  /** Any new value makes the operator verify (and register) every number now. */
  public static final String RECONCILE_REQUESTED_AT = "waflows.dev/reconcile-requested-at";

  /** "true": no Graph call and no Secret write until removed. */
  public static final String PAUSED = "waflows.dev/paused";

  /** Any new value makes the operator rotate a key it generated, once. */
  public static final String ROTATE_REQUESTED_AT = "waflows.dev/rotate-requested-at";

  /**
   * On a generated key Secret: the uid of the resource it was generated for. Only that resource
   * changes the Secret (owner reference, rotation).
   */
  public static final String GENERATED_FOR = "waflows.dev/generated-for";

  /**
   * On a generated key Secret: the name of the resource it was generated for. A resource of that
   * name re-created in the same namespace (deleted and applied again, a backup restored) takes the
   * Secret over once the old uid no longer exists.
   */
  public static final String GENERATED_FOR_NAME = "waflows.dev/generated-for-name";

  /**
   * On a generated key Secret: when its current pair became current (RFC 3339), written in the same
   * write that stores the pair, so rotation schedules survive restarts.
   */
  public static final String KEY_CURRENT_SINCE = "waflows.dev/key-current-since";

  /**
   * On a generated key Secret: what made the current pair current, the rotate-requested-at value or
   * "schedule"; a trigger recorded here is never started again.
   */
  public static final String ROTATION_TRIGGER = "waflows.dev/rotation-trigger";

  /** The {@link #ROTATION_TRIGGER} of a rotation that rotation.every started. */
  public static final String SCHEDULED_TRIGGER = "schedule";

  /** Marks the Secrets the operator created, and only those. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_VALUE = "flows-key-operator";

  private Annotations() {}

  /** The value of an annotation on a resource, if set; total, for other tenants' objects too. */
  public static Optional<String> get(HasMetadata resource, String name) {
    Map<String, String> all =
        resource.getMetadata() == null ? null : resource.getMetadata().getAnnotations();
    return Optional.ofNullable(all == null ? null : all.get(name));
  }

  /** Whether {@link #PAUSED} is "true" (any case): no Graph call and no Secret write. */
  public static boolean isPaused(HasMetadata resource) {
    return get(resource, PAUSED).filter("true"::equalsIgnoreCase).isPresent();
  }
}
