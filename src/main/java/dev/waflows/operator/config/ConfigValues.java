package dev.waflows.operator.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of a list of {@link ConfigOption}s, read from flags ({@code --name=value}) and
 * environment variables (flags win), with the checks the options share. Every error message names
 * the flag and its environment variable.
 */
public final class ConfigValues {

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,7})(ms|s)");

  private final Map<String, String> values;

  private ConfigValues(Map<String, String> values) {
    this.values = values;
  }

  /** Whether the arguments ask for help ({@code --help} or {@code -h}). */
  public static boolean wantsHelp(String[] args) {
    return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
  }

  /** Usage text: {@code header}, then every option with its flag, variable and default. */
  public static String help(String header, List<ConfigOption> options) {
    StringBuilder out = new StringBuilder(header).append("Options:\n");
    for (ConfigOption o : options) {
      out.append("  --")
          .append(o.flag())
          .append("=<value>\n      env ")
          .append(o.env())
          .append(", default ")
          .append(o.defaultValue().isEmpty() ? "\"\"" : o.defaultValue())
          .append("\n      ")
          .append(o.description())
          .append('\n');
    }
    return out.append("  --help\n      Print this text and exit.\n").toString();
  }

  /**
   * Reads the values: the default, replaced by the environment variable, replaced by the flag.
   *
   * @throws IllegalArgumentException for an argument that is not {@code --name=value} of a known
   *     option
   */
  public static ConfigValues read(
      List<ConfigOption> options, String[] args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigOption o : options) {
      values.put(o.flag(), env.getOrDefault(o.env(), o.defaultValue()));
    }
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String name = arg.substring(2, arg.indexOf('='));
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      values.put(name, arg.substring(arg.indexOf('=') + 1));
    }
    return new ConfigValues(values);
  }

  /** The value as given. */
  public String text(ConfigOption o) {
    return values.get(o.flag());
  }

  /** A number above zero. */
  public double positiveDouble(ConfigOption o) {
    String v = text(o);
    try {
      double d = Double.parseDouble(v);
      if (d > 0) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(o, "must be a positive number, got " + v);
  }

  /** One of {@code allowed}, compared without case and surrounding blanks; lower case. */
  public String oneOf(ConfigOption o, String... allowed) {
    String v = text(o).trim().toLowerCase();
    if (!List.of(allowed).contains(v)) {
      throw invalid(o, "must be one of " + List.of(allowed) + ", got " + v);
    }
    return v;
  }

  /** {@code true} or {@code false}. */
  public boolean bool(ConfigOption o) {
    return Boolean.parseBoolean(oneOf(o, "true", "false"));
  }

  /** A TCP port, 0 (any free port) to 65535. */
  public int port(ConfigOption o) {
    return (int) between(o, 0, 65535);
  }

  /** A duration such as {@code 8s} or {@code 500ms}, above zero and at most {@code max}. */
  public Duration duration(ConfigOption o, Duration max) {
    String v = text(o).trim();
    Matcher m = DURATION.matcher(v);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      Duration d = m.group(2).equals("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
      if (!d.isZero() && d.compareTo(max) <= 0) {
        return d;
      }
    }
    throw invalid(
        o,
        "must be a duration above zero and at most "
            + max.toMillis()
            + "ms, such as 8s or 500ms, got "
            + v);
  }

  /** A whole number at least {@code min} and at most {@code max}. */
  public long between(ConfigOption o, long min, long max) {
    String v = text(o).trim();
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(o, "must be a whole number from " + min + " to " + max + ", got " + v);
  }

  /** An error about {@code o}'s value: {@code --flag (ENV) problem}. */
  public static IllegalArgumentException invalid(ConfigOption o, String problem) {
    return new IllegalArgumentException(name(o) + " " + problem);
  }

  /** How messages name an option: {@code --flag (ENV)}. */
  public static String name(ConfigOption o) {
    return "--" + o.flag() + " (" + o.env() + ")";
  }
}
