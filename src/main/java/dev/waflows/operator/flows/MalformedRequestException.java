package dev.waflows.operator.flows;

/**
 * A request body that is not the Flows envelope: not a JSON object with the three base64 fields.
 * The message says which rule failed and never quotes the body.
 */
public final class MalformedRequestException extends Exception {

  private static final long serialVersionUID = 1L;

  MalformedRequestException(String message) {
    super(message);
  }
}
