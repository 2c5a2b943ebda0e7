package dev.waflows.operator.graph;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Where Graph is reached: base URL (scheme, host, optional path prefix for proxies) and API
 * version. Validated on construction, so an instance can always be turned into a request URL that
 * nobody can bend: http(s) only, no user info, query or fragment, version like {@code v24.0}.
 *
 * @param baseUrl e.g. {@code https://graph.facebook.com}, trailing slashes removed
 * @param version e.g. {@code v24.0}
 */
public record GraphEndpoint(String baseUrl, String version) {

  /** Meta's Graph API host. */
  public static final String DEFAULT_BASE_URL = "https://graph.facebook.com";

  /** Graph API version used when neither the resource nor the operator names one. */
  public static final String DEFAULT_VERSION = "v24.0";

  // Declared before DEFAULT: the constructor below runs during static initialization.
  private static final Pattern VERSION = Pattern.compile("v[0-9]+\\.[0-9]+");
  private static final int MAX_ECHO = 200;

  /** {@link #DEFAULT_BASE_URL} with {@link #DEFAULT_VERSION}. */
  public static final GraphEndpoint DEFAULT = new GraphEndpoint(DEFAULT_BASE_URL, DEFAULT_VERSION);

  /**
   * Validates and normalizes.
   *
   * @throws IllegalArgumentException with a message fit for a status condition
   */
  public GraphEndpoint {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(version, "version");
    version = version.strip();
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "Graph API version must look like v24.0, got \"" + echo(version) + "\"");
    }
    baseUrl = normalizeBaseUrl(baseUrl);
  }

  /**
   * The endpoint a resource asks for: each null or blank value falls back to {@code defaults} (the
   * operator-wide setting), or to {@link #DEFAULT} when {@code defaults} is null.
   *
   * @throws IllegalArgumentException when a given value is invalid
   */
  public static GraphEndpoint of(
      String baseUrlOrNull, String versionOrNull, GraphEndpoint defaults) {
    GraphEndpoint fallback = defaults == null ? DEFAULT : defaults;
    return new GraphEndpoint(
        isBlank(baseUrlOrNull) ? fallback.baseUrl() : baseUrlOrNull,
        isBlank(versionOrNull) ? fallback.version() : versionOrNull);
  }

  private static String normalizeBaseUrl(String raw) {
    String url = raw.strip();
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalidBaseUrl(url, "it is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw invalidBaseUrl(url, "it must start with https:// or http://");
    }
    if (uri.getRawUserInfo() != null) {
      // Do not echo: user info is where credentials would be.
      throw new IllegalArgumentException(
          "Graph API baseUrl must not contain user info; the token comes from accessTokenSecretRef");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw invalidBaseUrl(url, "it has no host");
    }
    if (uri.getRawQuery() != null || url.contains("?")) {
      throw invalidBaseUrl(url, "it must not have a query");
    }
    if (uri.getRawFragment() != null || url.contains("#")) {
      throw invalidBaseUrl(url, "it must not have a fragment");
    }
    if (HttpUrl.parse(url) == null) {
      throw invalidBaseUrl(url, "it is not a valid HTTP URL");
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }

  private static IllegalArgumentException invalidBaseUrl(String url, String why) {
    return new IllegalArgumentException(
        "Graph API baseUrl \"" + echo(url) + "\" is invalid: " + why);
  }

  private static String echo(String value) {
    return Redactor.PATTERNS.forMessage(value, MAX_ECHO);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
