package dev.waflows.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Graph API versions the sandbox serves, and which of them serves a call, the way Meta does: a
 * call to a served version is served by it; a call to a version older than every served one (Meta
 * retired it) is upgraded to the oldest version still served; any other version (one not released,
 * or never released) is an error. Thread-safe: the list is replaced as a whole.
 */
final class ApiVersions {
  /**
   * What Meta serves until v21.0 is retired on 2027-01-21; tests of that retirement serve {@code
   * v22.0} to {@code v24.0}.
   */
  static final List<String> DEFAULT = List.of("v21.0", "v22.0", "v23.0", "v24.0");

  private static final Pattern VERSION = Pattern.compile("v([0-9]{1,4})\\.([0-9]{1,4})");
  private static final Comparator<String> ORDER =
      Comparator.comparingInt((String v) -> part(v, 1)).thenComparingInt(v -> part(v, 2));

  private volatile List<String> served = DEFAULT;

  /**
   * Serves these versions from now on.
   *
   * @throws IllegalArgumentException when none is given or one is not like {@code v24.0}
   */
  void serve(List<String> versions) {
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("at least one Graph version must be served");
    }
    List<String> sorted = new ArrayList<>();
    for (String version : versions) {
      if (!VERSION.matcher(version).matches()) {
        throw new IllegalArgumentException("not a Graph version like v24.0: " + version);
      }
      if (!sorted.contains(version)) {
        sorted.add(version);
      }
    }
    sorted.sort(ORDER);
    served = List.copyOf(sorted);
  }

  /** The versions served, oldest first. */
  List<String> served() {
    return served;
  }

  /** The version that serves a call to {@code requested}, or empty when Graph would refuse it. */
  Optional<String> serving(String requested) {
    List<String> current = served;
    if (!VERSION.matcher(requested).matches()) {
      return Optional.empty();
    }
    if (current.contains(requested)) {
      return Optional.of(requested);
    }
    String oldest = current.get(0);
    return ORDER.compare(requested, oldest) < 0 ? Optional.of(oldest) : Optional.empty();
  }

  private static int part(String version, int group) {
    Matcher m = VERSION.matcher(version);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Graph version like v24.0: " + version);
    }
    return Integer.parseInt(m.group(group));
  }
}
