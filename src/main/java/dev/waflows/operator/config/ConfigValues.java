package dev.waflows.operator.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a list of {@link ConfigOption}s, read from flags ({@code --name=value}) and
 * environment variables (flags win), with the checks the options share. Every error message names
 * the flag and its environment variable.
 */
public final class ConfigValues {

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
    String v = text(o).trim();
    try {
      int port = Integer.parseInt(v);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(o, "must be a port number (0 to 65535), got " + v);
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
