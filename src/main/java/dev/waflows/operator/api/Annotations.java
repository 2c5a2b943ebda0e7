package dev.waflows.operator.api;

/** Annotations and labels the operator reads or writes. */
public final class Annotations {

  /** Any new value makes the operator verify (and register) every number now. */
  public static final String RECONCILE_REQUESTED_AT = "waflows.dev/reconcile-requested-at";

  /** "true": no Graph call and no Secret write until removed. */
  public static final String PAUSED = "waflows.dev/paused";

  /** Marks the Secrets the operator created, and only those. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_VALUE = "flows-key-operator";

  private Annotations() {}

  /** The value of an annotation on a resource, if set. */
  public static java.util.Optional<String> get(
      io.fabric8.kubernetes.api.model.HasMetadata resource, String name) {
    java.util.Map<String, String> all = resource.getMetadata().getAnnotations();
    return java.util.Optional.ofNullable(all == null ? null : all.get(name));
  }
}
