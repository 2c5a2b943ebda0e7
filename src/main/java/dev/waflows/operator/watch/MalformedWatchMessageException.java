package dev.waflows.operator.watch;

/**
 * A message from the API server that is not what the watch protocol sends. Its message says where
 * the parsing stopped, never what the message held (it may hold a Secret's data).
 */
public final class MalformedWatchMessageException extends RuntimeException {

  MalformedWatchMessageException(String reason) {
    super(reason);
  }
}
