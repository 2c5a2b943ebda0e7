package dev.waflows.operator.reconciler.secrets;

/** Whether the key is usable, and why. */
public record KeyVerdict(boolean ready, String reason, String message) {}
