package dev.waflows.operator.management;

/** Files that cannot be loaded; the message names the file and the problem, never its content. */
public final class ReloadException extends Exception {

  private static final long serialVersionUID = 1L;

  public ReloadException(String message) {
    super(message);
  }
}
