package dev.waflows.operator.proxy;

import dev.waflows.operator.config.ConfigOption;
import dev.waflows.operator.config.ConfigValues;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy's settings ({@code proxy} subcommand), read once at start-up from flags and environment
 * variables (flags win), then immutable.
 *
 * @param port port for Meta's requests
 * @param managementPort port of /healthz, /readyz and /metrics
 * @param keyDir the mounted key Secret
 * @param passphraseFile the mounted passphrase of an encrypted private key
 * @param appSecretFile the Meta app secret; empty only when the signature check is skipped
 * @param previousAppSecretFile the old app secret, accepted too while the secret is being reset
 * @param skipSignatureCheck accept requests without checking {@code X-Hub-Signature-256}
 * @param upstream the app's base URL; the request's path is appended
 * @param upstreamTimeout how long the app may take to answer
 * @param maxBodyBytes larger requests are refused with 413
 * @param answerPing answer {@code ping} in the proxy instead of forwarding it
 */
public record ProxyConfig(
    int port,
    int managementPort,
    Path keyDir,
    Optional<Path> passphraseFile,
    Optional<Path> appSecretFile,
    Optional<Path> previousAppSecretFile,
    boolean skipSignatureCheck,
    URI upstream,
    Duration upstreamTimeout,
    int maxBodyBytes,
    boolean answerPing) {

  /** Meta gives up on an endpoint after 10 s; waiting longer upstream serves no one. */
  static final Duration MAX_UPSTREAM_TIMEOUT = Duration.ofSeconds(10);

  public static final ConfigOption PORT =
      ConfigOption.of(
          "port",
          "PROXY_PORT",
          "8787",
          "Port for Meta's requests (plain HTTP; TLS ends at the Ingress).");
  public static final ConfigOption MANAGEMENT_PORT =
      ConfigOption.of(
          "management-port",
          "PROXY_MANAGEMENT_PORT",
          "8788",
          "Port of /healthz, /readyz, /metrics.");
  public static final ConfigOption KEY_DIR =
      ConfigOption.of(
          "key-dir",
          "PROXY_KEY_DIR",
          "/etc/flows-key",
          "The mounted key Secret: private.pem, optional previous-private.pem. Re-read within 5 s"
              + " of a change.");
  public static final ConfigOption PASSPHRASE_FILE =
      ConfigOption.of(
          "passphrase-file",
          "PROXY_PASSPHRASE_FILE",
          "",
          "The mounted passphrase, for an encrypted private.pem.");
  public static final ConfigOption APP_SECRET_FILE =
      ConfigOption.of(
          "app-secret-file",
          "PROXY_APP_SECRET_FILE",
          "",
          "Meta app secret, to check X-Hub-Signature-256; required unless"
              + " --insecure-skip-signature-check.");
  public static final ConfigOption PREVIOUS_APP_SECRET_FILE =
      ConfigOption.of(
          "previous-app-secret-file",
          "PROXY_PREVIOUS_APP_SECRET_FILE",
          "",
          "The old app secret, also accepted while Meta's app secret is being reset.");
  public static final ConfigOption SKIP_SIGNATURE_CHECK =
      ConfigOption.of(
          "insecure-skip-signature-check",
          "PROXY_INSECURE_SKIP_SIGNATURE_CHECK",
          "false",
          "Accept requests without checking their signature (tests only: anyone who can reach"
              + " the port can then call the app).");
  public static final ConfigOption UPSTREAM =
      ConfigOption.of(
          "upstream",
          "PROXY_UPSTREAM",
          "",
          "Base URL of the app (http or https), required; the request's path is appended.");
  public static final ConfigOption UPSTREAM_TIMEOUT =
      ConfigOption.of(
          "upstream-timeout",
          "PROXY_UPSTREAM_TIMEOUT",
          "8s",
          "How long the app may take to answer (at most 10s: Meta gives up after 10 s); then 504.");
  public static final ConfigOption MAX_BODY_BYTES =
      ConfigOption.of(
          "max-body-bytes",
          "PROXY_MAX_BODY_BYTES",
          "1048576",
          "Larger requests get 413, the rest unread.");
  public static final ConfigOption ANSWER_PING =
      ConfigOption.of(
          "answer-ping",
          "PROXY_ANSWER_PING",
          "false",
          "Answer Meta's ping health check in the proxy instead of forwarding it.");

  /** Every option, in the order docs/reference.md lists them. */
  public static final List<ConfigOption> ALL =
      List.of(
          PORT,
          MANAGEMENT_PORT,
          KEY_DIR,
          PASSPHRASE_FILE,
          APP_SECRET_FILE,
          PREVIOUS_APP_SECRET_FILE,
          SKIP_SIGNATURE_CHECK,
          UPSTREAM,
          UPSTREAM_TIMEOUT,
          MAX_BODY_BYTES,
          ANSWER_PING);

  /** Usage text of the {@code proxy} subcommand. */
  public static String help() {
    return ConfigValues.help(
        "Usage: java -jar flows-key-operator.jar proxy --upstream=<url> [--name=value ...]\n\n"
            + "Opens WhatsApp Flows requests with the mounted key, forwards their JSON to the app\n"
            + "and seals its answers. Flags win over environment variables.\n\n",
        ALL);
  }

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException naming the option, for an unknown flag or a bad value
   */
  public static ProxyConfig load(String[] args, Map<String, String> env) {
    ConfigValues values = ConfigValues.read(ALL, args, env);
    Optional<Path> appSecret = path(values, APP_SECRET_FILE);
    boolean skip = values.bool(SKIP_SIGNATURE_CHECK);
    if (appSecret.isEmpty() && !skip) {
      throw ConfigValues.invalid(
          APP_SECRET_FILE,
          "is required: requests are checked against the Meta app secret (or set"
              + " --insecure-skip-signature-check=true)");
    }
    Optional<Path> previousAppSecret = path(values, PREVIOUS_APP_SECRET_FILE);
    if (previousAppSecret.isPresent() && appSecret.isEmpty()) {
      throw ConfigValues.invalid(
          PREVIOUS_APP_SECRET_FILE, "is set without --" + APP_SECRET_FILE.flag());
    }
    return new ProxyConfig(
        values.port(PORT),
        values.port(MANAGEMENT_PORT),
        path(values, KEY_DIR)
            .orElseThrow(() -> ConfigValues.invalid(KEY_DIR, "must name a directory")),
        path(values, PASSPHRASE_FILE),
        appSecret,
        previousAppSecret,
        skip,
        upstream(values),
        values.duration(UPSTREAM_TIMEOUT, MAX_UPSTREAM_TIMEOUT),
        (int) values.between(MAX_BODY_BYTES, 1, Integer.MAX_VALUE - 8),
        values.bool(ANSWER_PING));
  }

  /**
   * Refuses a start whose app secret or passphrase file is not there: a mounted Secret's files
   * exist before the container starts, so a missing one is a wrong path, and every request would be
   * refused. The previous app secret may come and go while Meta's app secret is being reset.
   *
   * @throws IllegalArgumentException naming the option and the path (never the file's content)
   */
  public ProxyConfig requireFiles() {
    appSecretFile.ifPresent(f -> requireReadable(APP_SECRET_FILE, f));
    passphraseFile.ifPresent(f -> requireReadable(PASSPHRASE_FILE, f));
    return this;
  }

  private static void requireReadable(ConfigOption o, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw ConfigValues.invalid(o, "names " + file + ", which is not a readable file");
    }
  }

  private static Optional<Path> path(ConfigValues values, ConfigOption o) {
    String v = values.text(o).trim();
    return v.isEmpty() ? Optional.empty() : Optional.of(Path.of(v));
  }

  private static URI upstream(ConfigValues values) {
    String v = values.text(UPSTREAM).trim();
    if (v.isEmpty()) {
      throw ConfigValues.invalid(
          UPSTREAM, "is required: the base URL of the app, e.g. http://127.0.0.1:3000");
    }
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw ConfigValues.invalid(UPSTREAM, "is not a URL: " + v);
    }
    if (uri.getRawUserInfo() != null) {
      // Not echoed: the value holds a password.
      throw ConfigValues.invalid(UPSTREAM, "must not carry a user or password");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw ConfigValues.invalid(
          UPSTREAM, "must be an http or https URL with a host and no query or fragment, got " + v);
    }
    return uri;
  }
}
