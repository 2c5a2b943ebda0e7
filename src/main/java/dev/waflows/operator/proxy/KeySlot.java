package dev.waflows.operator.proxy;

/**
 * Which private key opened a request: the {@code key} label of the request metric and the value of
 * the {@code X-Flows-Key} header sent upstream.
 */
enum KeySlot {
  CURRENT("current"),
  PREVIOUS("previous"),
  /** No key opened it (refused earlier, or by both keys). */
  NONE("none");

  final String label;

  KeySlot(String label) {
    this.label = label;
  }
}
