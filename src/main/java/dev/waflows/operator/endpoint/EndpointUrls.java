package dev.waflows.operator.endpoint;

import dev.waflows.operator.graph.AllowedBaseUrls;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Which Flows endpoint URLs the operator may probe. Pure. Whoever may create a resource names the
 * URL, and could otherwise make the operator's pod POST to any address it can reach.
 *
 * <p>Allowed: an {@code http} or {@code https} Service of the resource's own namespace (host {@code
 * <service>.<namespace>.svc} or {@code <service>.<namespace>.svc.cluster.local}, any port), and any
 * URL that starts with one of the configured prefixes, matched exactly as {@link AllowedBaseUrls}
 * matches Graph base URLs (scheme, host and port equal, path at a {@code /} boundary). Never a URL
 * with user info.
 */
public final class EndpointUrls {

  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final AllowedBaseUrls additions;

  private EndpointUrls(AllowedBaseUrls additions) {
    this.additions = Objects.requireNonNull(additions, "additions");
  }

  /**
   * The default rule plus these comma-separated URL prefixes (blank: none).
   *
   * @throws IllegalArgumentException naming an entry that is not an http(s) URL prefix
   */
  public static EndpointUrls parse(String commaSeparated) {
    return new EndpointUrls(AllowedBaseUrls.parseAdditions(commaSeparated));
  }

  /** Only the Services of the resource's own namespace. */
  public static EndpointUrls namespaceServicesOnly() {
    return parse("");
  }

  /**
   * Why a resource in {@code namespace} may not have this URL probed, fit for a status condition;
   * empty when it may. Echoes no query and no user info.
   */
  public Optional<String> refusal(String url, String namespace) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url.strip());
    if (parsed == null) {
      return Optional.of("spec.endpoint.url is not an http or https URL");
    }
    if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
      return Optional.of("spec.endpoint.url must not contain user info");
    }
    if (parsed.fragment() != null) {
      return Optional.of("spec.endpoint.url must not have a fragment");
    }
    if (isServiceOf(parsed.host(), namespace) || additions.allows(parsed)) {
      return Optional.empty();
    }
    String also =
        additions.prefixes().isEmpty()
            ? "ENDPOINT_ALLOWED_URLS adds none"
            : "or a URL under ENDPOINT_ALLOWED_URLS: " + String.join(", ", additions.prefixes());
    return Optional.of(
        "spec.endpoint.url \""
            + echo(parsed)
            + "\" is not allowed: the operator probes http(s) Services of namespace "
            + namespace
            + " (<service>."
            + namespace
            + ".svc[.cluster.local]), "
            + also
            + "; no request was sent");
  }

  /** The configured prefixes, normalized, in the order given. */
  public List<String> additions() {
    return additions.prefixes();
  }

  private static boolean isServiceOf(String host, String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      return false;
    }
    for (String suffix :
        new String[] {"." + namespace + ".svc", "." + namespace + ".svc.cluster.local"}) {
      if (host.endsWith(suffix)) {
        String service = host.substring(0, host.length() - suffix.length());
        return SERVICE_NAME.matcher(service).matches();
      }
    }
    return false;
  }

  /** Scheme, host, port and path: a query may carry something secret. */
  private static String echo(HttpUrl url) {
    String text = url.newBuilder().query(null).build().toString();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  @Override
  public String toString() {
    return "EndpointUrls[namespace Services"
        + (additions.prefixes().isEmpty() ? "" : ", ")
        + String.join(", ", additions.prefixes())
        + "]";
  }
}
