package dev.waflows.operator.graph;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.Request;

/**
 * The HTTP proxy that Graph calls go through, if any, read once at start-up the way other cluster
 * tools read it: {@code HTTPS_PROXY} (or {@code https_proxy}) for https base URLs, {@code
 * HTTP_PROXY} (or {@code http_proxy}) for http ones, {@code NO_PROXY} (or {@code no_proxy}) for
 * hosts reached directly; where no such variable is set, the JVM's {@code https.proxyHost}, {@code
 * https.proxyPort}, {@code http.proxyHost}, {@code http.proxyPort} and {@code http.nonProxyHosts}.
 *
 * <p>An https call goes through the proxy as a {@code CONNECT} tunnel, so TLS runs end to end with
 * Graph and the proxy never sees the token. Proxy credentials ({@code
 * http://user:password@proxy:3128}) are sent as {@code Proxy-Authorization: Basic} to that proxy
 * only, and never appear in {@link #toString()}, logs or messages. This decides only the route: the
 * allow-list still judges the base URL a token is sent to.
 */
public final class OutboundProxy {

  /** Every Graph call goes direct. */
  public static final OutboundProxy NONE = new OutboundProxy(null, null);

  /** A proxy for one URL scheme, with the hosts that bypass it. */
  private record Route(
      Proxy proxy, String credentials, NoProxyHosts bypass, String source, String where) {

    @Override
    public String toString() {
      return where
          + (credentials == null ? "" : " (with credentials)")
          + " from "
          + source
          + (bypass.size() == 0 ? "" : ", " + bypass.size() + " no-proxy entries");
    }
  }

  private final Route https;
  private final Route http;

  private OutboundProxy(Route https, Route http) {
    this.https = https;
    this.http = http;
  }

  /**
   * Reads the proxy settings.
   *
   * @param environment the process environment
   * @param jvm the JVM's system properties
   * @throws IllegalArgumentException naming the variable that is not a usable proxy URL; the
   *     message never contains its credentials
   */
  public static OutboundProxy fromEnvironment(Map<String, String> environment, Properties jvm) {
    NoProxyHosts noProxy = NoProxyHosts.fromNoProxy(firstSet(environment, "NO_PROXY", "no_proxy"));
    NoProxyHosts nonProxyHosts =
        NoProxyHosts.fromNonProxyHosts(jvm.getProperty("http.nonProxyHosts"));
    return new OutboundProxy(
        route(environment, jvm, "https", 443, noProxy, nonProxyHosts),
        route(environment, jvm, "http", 80, noProxy, nonProxyHosts));
  }

  /** The route chooser for OkHttp: the proxy, or direct for hosts that bypass it. */
  ProxySelector selector() {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        Route route = routeFor(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
        return route == null || route.bypass().bypasses(uri.getHost(), port)
            ? List.of(Proxy.NO_PROXY)
            : List.of(route.proxy());
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // Nothing to remember: OkHttp reports the failure to the caller.
      }
    };
  }

  /**
   * Answers a proxy's 407 (and OkHttp's pre-emptive ask before a {@code CONNECT}) with the
   * credentials configured for that very proxy, once; anything else gets no credentials.
   */
  Authenticator authenticator() {
    return (route, response) -> {
      if (route == null) {
        return null;
      }
      Request asked = response.request();
      String credentials = credentialsFor(route.proxy());
      if (credentials == null || asked.header("Proxy-Authorization") != null) {
        return null;
      }
      return asked.newBuilder().header("Proxy-Authorization", credentials).build();
    };
  }

  /** Where https and http calls go, without credentials: for the start-up log. */
  @Override
  public String toString() {
    return "https "
        + (https == null ? "direct" : "via " + https)
        + "; http "
        + (http == null ? "direct" : "via " + http);
  }

  private Route routeFor(String scheme) {
    String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    return s.equals("https") ? https : s.equals("http") ? http : null;
  }

  private String credentialsFor(Proxy proxy) {
    for (Route route : new Route[] {https, http}) {
      if (route != null && route.proxy().equals(proxy)) {
        return route.credentials();
      }
    }
    return null;
  }

  private static Route route(
      Map<String, String> environment,
      Properties jvm,
      String scheme,
      int jvmDefaultPort,
      NoProxyHosts noProxy,
      NoProxyHosts nonProxyHosts) {
    String upper = scheme.toUpperCase(Locale.ROOT) + "_PROXY";
    String lower = scheme + "_proxy";
    String fromEnvironment = firstSet(environment, upper, lower);
    if (fromEnvironment != null) {
      String source =
          environment.get(upper) != null && !environment.get(upper).isBlank() ? upper : lower;
      return fromUrl(fromEnvironment, source, noProxy);
    }
    String host = jvm.getProperty(scheme + ".proxyHost");
    if (host == null || host.isBlank()) {
      return null;
    }
    String source = scheme + ".proxyHost";
    int port = port(jvm.getProperty(scheme + ".proxyPort"), jvmDefaultPort, scheme + ".proxyPort");
    return new Route(
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host.strip(), port)),
        null,
        nonProxyHosts,
        source,
        host.strip() + ":" + port);
  }

  private static Route fromUrl(String value, String source, NoProxyHosts bypass) {
    String text = value.strip();
    if (!text.contains("://")) {
      text = "http://" + text;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw unusable(source, "it is not a URL");
    }
    String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw unusable(
          source,
          "only http:// proxies are supported (https calls still run TLS end to end through"
              + " CONNECT), got "
              + scheme
              + "://");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw unusable(source, "it names no host");
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    String credentials = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      credentials =
          Credentials.basic(
              decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "", StandardCharsets.UTF_8);
    }
    String host = uri.getHost();
    return new Route(
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port)),
        credentials,
        bypass,
        source,
        host + ":" + port);
  }

  private static int port(String text, int fallback, String name) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(name + " must be a port number (1-65535)");
  }

  private static int defaultPort(String scheme) {
    return "http".equalsIgnoreCase(scheme) ? 80 : 443;
  }

  private static String decode(String text) {
    // Percent-decoding only: a '+' in a password is a '+'.
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String firstSet(Map<String, String> environment, String... names) {
    for (String name : names) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  // Never echoes the value: it may hold the proxy's password.
  private static IllegalArgumentException unusable(String source, String why) {
    return new IllegalArgumentException(source + " is not a usable proxy URL: " + why);
  }
}
