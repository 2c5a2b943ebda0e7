package dev.waflows.operator.proxy;

/** Files that cannot be loaded; the message names the file and the problem, never its content. */
final class ReloadException extends Exception {

  private static final long serialVersionUID = 1L;

  ReloadException(String message) {
    super(message);
  }
}
