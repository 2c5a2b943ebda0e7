package dev.waflows.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the Graph sandbox as a local server for the README demo and benchmarks.
 *
 * <pre>
 * --port N             listening port, default 18080 (0: any free port)
 * --bind ADDR          loopback address, default 127.0.0.1; anything else is refused
 * --latency-ms N       delay added to every Graph call, default 0
 * --rate-limit-rps X   global limit in calls a second, default unlimited
 * --token T            an accepted bearer token, repeatable; default: any non-blank token
 * --shape flat|wrapped shape of GET answers, default wrapped
 * --versions V,V,...   Graph versions served, default v21.0,v22.0,v23.0,v24.0; older are upgraded
 * </pre>
 *
 * <p>Prints exactly one line, {@code Graph sandbox listening on http://127.0.0.1:PORT}, once it
 * accepts connections, so scripts can wait for it.
 */
public final class GraphSandboxMain {
  private static final String USAGE =
      "usage: GraphSandboxMain [--port N] [--bind 127.0.0.1] [--latency-ms N]"
          + " [--rate-limit-rps X] [--token T]... [--shape flat|wrapped]"
          + " [--versions v21.0,v22.0,v23.0,v24.0]";

  /** The parsed command line. */
  record Options(
      int port,
      String bind,
      long latencyMs,
      double rateLimitRps,
      List<String> tokens,
      Shape shape,
      List<String> versions) {}

  private GraphSandboxMain() {}

  /** Starts the server and serves until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(USAGE);
      return;
    }
    Options options;
    GraphSandbox sandbox;
    try {
      options = parse(args);
      sandbox = start(options);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "graph-sandbox-stop"));
    System.out.println("Graph sandbox listening on " + sandbox.baseUrl());
    System.out.flush();
    // The workers are daemon threads; keep the JVM (or exec:java) alive until it is stopped.
    Thread.currentThread().join();
  }

  static GraphSandbox start(Options options) {
    GraphSandbox sandbox = GraphSandbox.start(options.bind(), options.port());
    return sandbox
        .setLatency(Duration.ofMillis(options.latencyMs()))
        .setRateLimit(options.rateLimitRps())
        .acceptTokens(options.tokens().toArray(String[]::new))
        .setShape(options.shape())
        .serveVersions(options.versions().toArray(String[]::new));
  }

  static Options parse(String[] args) {
    int port = 18080;
    String bind = "127.0.0.1";
    long latencyMs = 0;
    double rps = Double.POSITIVE_INFINITY;
    List<String> tokens = new ArrayList<>();
    Shape shape = Shape.WRAPPED;
    List<String> versions = ApiVersions.DEFAULT;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value;
      // Both "--flag value" and "--flag=value".
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("missing value for " + arg);
      }
      switch (arg) {
        case "--port" -> port = intIn(arg, value, 0, 65535);
        case "--bind" -> bind = value;
        case "--latency-ms" -> latencyMs = intIn(arg, value, 0, 600_000);
        case "--rate-limit-rps" -> rps = positive(arg, value);
        case "--token" -> {
          if (value.isBlank()) {
            throw new IllegalArgumentException("--token must not be blank");
          }
          tokens.add(value);
        }
        case "--shape" -> shape = shape(value);
        case "--versions" -> versions = List.of(value.split(","));
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    new ApiVersions().serve(versions); // refuses a bad list before anything starts
    return new Options(port, bind, latencyMs, rps, List.copyOf(tokens), shape, versions);
  }

  private static int intIn(String flag, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " must be an integer in " + min + ".." + max);
  }

  private static double positive(String flag, String value) {
    try {
      double d = Double.parseDouble(value);
      if (d > 0 && !Double.isNaN(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " must be a positive number");
  }

  private static Shape shape(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "flat" -> Shape.FLAT;
      case "wrapped" -> Shape.WRAPPED;
      default -> throw new IllegalArgumentException("--shape must be flat or wrapped");
    };
  }
}
