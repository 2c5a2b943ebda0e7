package dev.waflows.operator.graph;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The base URLs the operator may send a token to. Pure. A resource names its Graph base URL, and
 * whoever may create a resource could otherwise have a token sent to a host of their choice, or
 * make the operator's pod call internal addresses.
 *
 * <p>Each entry is a URL prefix. A base URL is allowed when its scheme, host (case-insensitive) and
 * port equal an entry's, and the entry's path is a prefix of its path at a segment boundary: {@code
 * https://proxy.example/graph} allows {@code https://proxy.example/graph/meta} but neither {@code
 * https://proxy.example/graphx} nor {@code http://proxy.example/graph}. Both sides are read with
 * the same URL parser that builds the request, so what is checked is what would be sent, and paths
 * are compared segment by segment once decoded and resolved ({@code /a/../b} is {@code /b}, {@code
 * %2e%2e} is {@code ..}, {@code %61} is {@code a}).
 *
 * <p>A path whose segments hide a separator or another encoding ({@code %2F}, {@code %5C}, {@code
 * %25}, as in {@code /graph/..%2Fadmin} or {@code ..%252F}) is never allowed: a server or proxy
 * further on may decode it once more and reach a path outside the prefix.
 */
public final class AllowedBaseUrls {

  /** The allow-list when none is configured: Meta's Graph host. */
  public static final String DEFAULT = GraphEndpoint.DEFAULT_BASE_URL;

  private static final int MAX_ECHO = 200;

  /** One allowed prefix, as the request builder would read it. */
  private record Prefix(String text, String scheme, String host, int port, List<String> path) {

    boolean allows(HttpUrl url) {
      return url.scheme().equals(scheme)
          && url.host().equals(host)
          && url.port() == port
          && segments(url).filter(segments -> startsWith(segments, path)).isPresent();
    }

    private static boolean startsWith(List<String> segments, List<String> prefix) {
      return segments.size() >= prefix.size() && segments.subList(0, prefix.size()).equals(prefix);
    }
  }

  private static final AllowedBaseUrls UNRESTRICTED = new AllowedBaseUrls(List.of(), true);

  private final List<Prefix> prefixes;
  private final boolean unrestricted;

  private AllowedBaseUrls(List<Prefix> prefixes, boolean unrestricted) {
    this.prefixes = List.copyOf(prefixes);
    this.unrestricted = unrestricted;
  }

  /**
   * Reads a comma-separated list of URL prefixes (blank entries ignored) and adds {@code
   * alwaysAllowed}, the operator-wide default base URL.
   *
   * @param commaSeparated e.g. {@code https://graph.facebook.com,https://proxy.example/graph}
   * @param alwaysAllowed allowed whatever the list says; null for none
   * @throws IllegalArgumentException naming the entry that is not an http(s) URL prefix without
   *     user info, query or fragment, or when nothing is allowed at all
   */
  public static AllowedBaseUrls parse(String commaSeparated, String alwaysAllowed) {
    List<String> entries = new ArrayList<>();
    for (String entry : Objects.requireNonNullElse(commaSeparated, "").split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.strip());
      }
    }
    if (alwaysAllowed != null && !alwaysAllowed.isBlank()) {
      entries.add(alwaysAllowed.strip());
    }
    return of(entries);
  }

  /**
   * Exactly these prefixes.
   *
   * @throws IllegalArgumentException as {@link #parse}
   */
  public static AllowedBaseUrls of(List<String> prefixes) {
    if (prefixes.isEmpty()) {
      throw new IllegalArgumentException("the Graph API base URL allow-list is empty");
    }
    Set<Prefix> parsed = new LinkedHashSet<>();
    for (String prefix : prefixes) {
      parsed.add(prefix(prefix));
    }
    return new AllowedBaseUrls(List.copyOf(parsed), false);
  }

  /**
   * The prefixes of a comma-separated list (blank entries ignored), which may be empty: then
   * nothing is allowed. For allow-lists that only add to another rule, as the endpoint probe's.
   *
   * @throws IllegalArgumentException as {@link #parse}
   */
  public static AllowedBaseUrls parseAdditions(String commaSeparated) {
    List<String> entries = new ArrayList<>();
    for (String entry : Objects.requireNonNullElse(commaSeparated, "").split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.strip());
      }
    }
    return entries.isEmpty() ? new AllowedBaseUrls(List.of(), false) : of(entries);
  }

  /** Only {@link #DEFAULT}. */
  public static AllowedBaseUrls defaults() {
    return of(List.of(DEFAULT));
  }

  /**
   * Every base URL, for tests against local fakes and for callers that check base URLs themselves
   * before calling. Never what the operator runs with.
   */
  public static AllowedBaseUrls unrestricted() {
    return UNRESTRICTED;
  }

  /** Whether a token may be sent to this endpoint's base URL. */
  public boolean allows(GraphEndpoint endpoint) {
    return allows(HttpUrl.parse(endpoint.baseUrl()));
  }

  /** Whether this URL (null: not a URL) starts with an allowed prefix, by the rules above. */
  public boolean allows(HttpUrl url) {
    if (unrestricted) {
      return true;
    }
    return url != null && prefixes.stream().anyMatch(p -> p.allows(url));
  }

  /**
   * Whether a base URL's path hides a separator or another encoding ({@code %2F}, {@code %5C},
   * {@code %25}), which is never allowed.
   */
  private static boolean hidesSeparator(String baseUrl) {
    HttpUrl url = HttpUrl.parse(baseUrl);
    return url != null && segments(url).isEmpty();
  }

  /**
   * Why this endpoint is refused, fit for a status condition: names the base URL and what is
   * allowed.
   */
  public String refusal(GraphEndpoint endpoint) {
    String echo = Redactor.PATTERNS.forMessage(endpoint.baseUrl(), MAX_ECHO);
    if (hidesSeparator(endpoint.baseUrl())) {
      return "Graph API baseUrl \""
          + echo
          + "\" has an encoded separator or percent sign in its path (%2F, %5C or %25), which a"
          + " server further on may read as another path; no request was sent";
    }
    return "Graph API baseUrl \""
        + echo
        + "\" is not on the operator's allow-list (GRAPH_ALLOWED_BASE_URLS): "
        + String.join(", ", prefixes())
        + "; no request was sent";
  }

  /**
   * The allowed prefixes, normalized (no trailing slash), in the order given; empty if {@link
   * #unrestricted()}.
   */
  public List<String> prefixes() {
    return prefixes.stream().map(Prefix::text).toList();
  }

  @Override
  public String toString() {
    return unrestricted ? "AllowedBaseUrls[unrestricted]" : "AllowedBaseUrls" + prefixes();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AllowedBaseUrls that
        && unrestricted == that.unrestricted
        && prefixes.equals(that.prefixes);
  }

  @Override
  public int hashCode() {
    return unrestricted ? 1 : prefixes.hashCode();
  }

  private static Prefix prefix(String raw) {
    GraphEndpoint checked;
    try {
      // The same rules as a resource's baseUrl: http(s), a host, no user info, query or fragment.
      checked = new GraphEndpoint(raw, GraphEndpoint.DEFAULT_VERSION);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("allowed base URL: " + e.getMessage(), e);
    }
    HttpUrl url = HttpUrl.get(checked.baseUrl());
    List<String> path =
        segments(url)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "allowed base URL: the path of \""
                            + Redactor.PATTERNS.forMessage(raw, MAX_ECHO)
                            + "\" has an encoded separator or percent sign (%2F, %5C or %25)"));
    // Canonical text (lower-case scheme and host, no default port), so duplicates collapse.
    String text = url.toString().replaceAll("/+$", "");
    return new Prefix(text, url.scheme(), url.host(), url.port(), path);
  }

  /**
   * The path's segments, decoded, without the empty last one that a trailing slash leaves; empty
   * when a decoded segment still holds a separator or a percent sign (the parser has already
   * resolved {@code .} and {@code ..}, encoded or not).
   */
  private static Optional<List<String>> segments(HttpUrl url) {
    List<String> segments = new ArrayList<>(url.pathSegments());
    while (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1);
    }
    for (String segment : segments) {
      if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0 || segment.indexOf('%') >= 0) {
        return Optional.empty();
      }
    }
    return Optional.of(segments);
  }
}
