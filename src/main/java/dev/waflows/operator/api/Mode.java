package dev.waflows.operator.api;

/** What the operator may do for a resource. */
public enum Mode {
  /** Create the key when missing and register it for every phone number. */
  Register,
  /** Read only: report what Graph holds, never POST, never create a Secret. */
  Verify
}
