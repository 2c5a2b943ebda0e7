package dev.waflows.operator.graph;

import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * Graph's {@code facebook-api-version} answer header: the version that served the call. When Meta
 * has retired the version asked for, it serves the call with the oldest version it still serves and
 * says so only here. Pure. The value comes from the network, so anything that is not a short
 * version like {@code v24.0} is ignored rather than carried into logs, metrics or status.
 */
final class ApiVersionHeader {

  static final String NAME = "facebook-api-version";

  private static final int MAX_LENGTH = 12;
  private static final Pattern VERSION = Pattern.compile("v[0-9]{1,4}\\.[0-9]{1,4}");

  private ApiVersionHeader() {}

  /** The served version, if the answer names one in the expected form. */
  static Optional<String> servedVersion(Headers headers) {
    String raw = headers.get(NAME);
    if (raw == null || raw.length() > MAX_LENGTH + 2) {
      return Optional.empty();
    }
    String value = raw.strip();
    return value.length() <= MAX_LENGTH && VERSION.matcher(value).matches()
        ? Optional.of(value)
        : Optional.empty();
  }
}
