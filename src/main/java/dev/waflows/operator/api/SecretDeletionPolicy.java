package dev.waflows.operator.api;

/** What happens to the key Secret when the resource is deleted. */
public enum SecretDeletionPolicy {
  /** The Secret stays. */
  Retain,
  /** A Secret the operator generated is garbage-collected with the resource. */
  Delete
}
