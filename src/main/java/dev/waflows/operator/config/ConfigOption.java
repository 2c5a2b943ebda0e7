package dev.waflows.operator.config;

/**
 * One operator setting, declared once: its flag, its environment variable, its default and what it
 * does. The README's configuration table is this list.
 */
public record ConfigOption(String flag, String env, String defaultValue, String description) {

  public static ConfigOption of(String flag, String env, String defaultValue, String description) {
    return new ConfigOption(flag, env, defaultValue, description);
  }
}
