package dev.waflows.operator.reconciler;

/** A reason and a message fit for users. */
public record Problem(String reason, String message) {}
