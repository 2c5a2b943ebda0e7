package dev.waflows.operator.api;

/** Where the key in use came from. */
public enum KeySource {
  /** The operator generated the pair and created the Secret. */
  Generated,
  /** The key was read from a Secret the user provided. */
  Loaded
}
