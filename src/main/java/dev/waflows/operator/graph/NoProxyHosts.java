package dev.waflows.operator.graph;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Hosts that are reached directly although a proxy is configured. Pure: names are compared as
 * written, never resolved. Read from either syntax in use:
 *
 * <ul>
 *   <li>{@code NO_PROXY} (as curl and Go read it): comma-separated; {@code *} for every host; a
 *       domain ({@code example.com} or {@code .example.com}) for itself and every name below it; an
 *       IP address, or a CIDR range ({@code 10.0.0.0/8}) for IP addresses written in the URL; any
 *       entry may end in {@code :port} to apply to that port only.
 *   <li>{@code http.nonProxyHosts} (the JVM's property): {@code |}-separated host names with {@code
 *       *} as a wildcard at either end, case-insensitive.
 * </ul>
 */
final class NoProxyHosts {

  /** What the JVM bypasses when {@code http.nonProxyHosts} is not set. */
  static final String JVM_DEFAULT = "localhost|127.*|[::1]|0.0.0.0|[::0]";

  static final NoProxyHosts NONE = new NoProxyHosts(List.of(), 0);

  private final List<BiPredicate<String, Integer>> rules;
  private final int count;

  private NoProxyHosts(List<BiPredicate<String, Integer>> rules, int count) {
    this.rules = List.copyOf(rules);
    this.count = count;
  }

  /** Reads a {@code NO_PROXY} value; null or blank bypasses nothing. */
  static NoProxyHosts fromNoProxy(String commaSeparated) {
    List<BiPredicate<String, Integer>> rules = new ArrayList<>();
    for (String raw : Objects.requireNonNullElse(commaSeparated, "").split(",")) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (!entry.isEmpty()) {
        rules.add(noProxyRule(entry));
      }
    }
    return new NoProxyHosts(rules, rules.size());
  }

  /** Reads an {@code http.nonProxyHosts} value; null means the JVM's default. */
  static NoProxyHosts fromNonProxyHosts(String pipeSeparated) {
    List<BiPredicate<String, Integer>> rules = new ArrayList<>();
    for (String raw : Objects.requireNonNullElse(pipeSeparated, JVM_DEFAULT).split("\\|")) {
      String entry = raw.strip().toLowerCase(Locale.ROOT);
      if (!entry.isEmpty()) {
        Pattern pattern =
            Pattern.compile(
                ("\\Q" + entry + "\\E").replace("*", "\\E.*\\Q"), Pattern.CASE_INSENSITIVE);
        rules.add(
            (host, port) ->
                pattern.matcher(host).matches() || pattern.matcher(bracketed(host)).matches());
      }
    }
    return new NoProxyHosts(rules, rules.size());
  }

  /** Whether a request to this host and port goes direct. */
  boolean bypasses(String host, int port) {
    String h = unbracketed(host.toLowerCase(Locale.ROOT));
    return rules.stream().anyMatch(rule -> rule.test(h, port));
  }

  /** How many entries were read. */
  int size() {
    return count;
  }

  private static BiPredicate<String, Integer> noProxyRule(String entry) {
    if (entry.equals("*")) {
      return (host, port) -> true;
    }
    int onlyPort = -1;
    String hostPart = entry;
    int colon = entry.lastIndexOf(':');
    // host:port or [v6]:port; a bare IPv6 address has colons but no port.
    if (colon > 0
        && (entry.startsWith("[") ? entry.charAt(colon - 1) == ']' : entry.indexOf(':') == colon)) {
      try {
        onlyPort = Integer.parseInt(entry.substring(colon + 1));
        hostPart = entry.substring(0, colon);
      } catch (NumberFormatException e) {
        onlyPort = -1;
      }
    }
    BiPredicate<String, Integer> hostRule = hostRule(unbracketed(hostPart));
    int wantedPort = onlyPort;
    return (host, port) -> (wantedPort < 0 || wantedPort == port) && hostRule.test(host, port);
  }

  private static BiPredicate<String, Integer> hostRule(String hostPart) {
    int slash = hostPart.indexOf('/');
    if (slash > 0) {
      byte[] network = ipLiteral(hostPart.substring(0, slash));
      Integer bits = parseBits(hostPart.substring(slash + 1));
      if (network != null && bits != null && bits <= network.length * 8) {
        return (host, port) -> inRange(ipLiteral(host), network, bits);
      }
      return (host, port) -> false;
    }
    byte[] address = ipLiteral(hostPart);
    if (address != null) {
      return (host, port) -> {
        byte[] target = ipLiteral(host);
        return target != null && Arrays.equals(target, address);
      };
    }
    String domain = hostPart.startsWith(".") ? hostPart.substring(1) : hostPart;
    if (domain.startsWith("*.")) {
      domain = domain.substring(2);
    }
    String suffix = "." + domain;
    String exact = domain;
    return (host, port) -> host.equals(exact) || host.endsWith(suffix);
  }

  private static boolean inRange(byte[] target, byte[] network, int bits) {
    if (target == null || target.length != network.length) {
      return false;
    }
    int total = network.length * 8;
    BigInteger mask =
        BigInteger.ONE.shiftLeft(total).subtract(BigInteger.ONE).shiftRight(bits).not();
    return new BigInteger(1, target).and(mask).equals(new BigInteger(1, network).and(mask));
  }

  private static Integer parseBits(String text) {
    try {
      int bits = Integer.parseInt(text);
      return bits >= 0 ? bits : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The address of an IP literal, or null for a name (never resolved). */
  private static byte[] ipLiteral(String text) {
    String t = unbracketed(text);
    boolean v4 =
        t.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")
            && Arrays.stream(t.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
    boolean v6 = t.indexOf(':') >= 0 && t.matches("[0-9a-f:.]+");
    if (!v4 && !v6) {
      return null;
    }
    try {
      // A literal: InetAddress parses it without any lookup.
      return InetAddress.getByName(t).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String bracketed(String host) {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  @Override
  public String toString() {
    return "NoProxyHosts[" + count + " entries]";
  }
}
