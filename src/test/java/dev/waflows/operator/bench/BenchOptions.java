package dev.waflows.operator.bench;

import dev.waflows.operator.reconciler.spec.VerifyInterval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's command line, {@code --name=value}.
 *
 * @param latency delay the Graph sandbox adds to every call
 * @param sizes resource counts of the convergence rounds, ascending
 * @param numbersPerResource phone numbers per resource
 * @param requestsPerSecond the operator's Graph budget during the convergence rounds
 * @param maxConcurrent the operator's Graph concurrency during the convergence rounds
 * @param steadyIntervals verify intervals (1m each) watched in the steady-state round
 * @param noiseSecrets unrelated Secrets created for the memory round
 * @param rateLimitRps the sandbox's limit in the rate-limit round
 * @param rateLimitBudget the operator's budget in the rate-limit round (above the limit)
 * @param rateLimitResources resources in the rate-limit round
 * @param manualSizes resource counts the manual baseline is timed for
 * @param convergenceOnly run only the convergence rounds
 * @param restartOnly run only the restart-burst round
 * @param restartResources resources in the restart-burst round
 * @param restartInterval their spec.verifyInterval
 * @param restartWindow how long Graph calls are recorded after the restart
 * @param restartBeforeJar an operator jar of an earlier commit, restarted the same way for
 *     comparison ({@code hack/bench.sh --before=REV} builds it); {@code null} for none
 * @param rotationOnly run only the rotation round
 * @param rotationResources resources in the rotation round
 * @param jfr record every operator JVM with JDK Flight Recorder (profile settings), dumped on exit
 *     to target/bench/operator-N.jfr, N counting the operator starts of this run
 * @param scaleOnly run only the scale round
 * @param scaleResources resources in the scale round
 * @param scaleInterval their spec.verifyInterval in its steady-state part, one interval watched
 * @param scaleRotationResources resources rotated at once in its last part (their first keys made
 *     by the benchmark and marked as the operator's; the operator generates the new ones); by
 *     default as many as scaleResources
 */
record BenchOptions(
    Duration latency,
    List<Integer> sizes,
    int numbersPerResource,
    double requestsPerSecond,
    int maxConcurrent,
    int steadyIntervals,
    int noiseSecrets,
    double rateLimitRps,
    double rateLimitBudget,
    int rateLimitResources,
    List<Integer> manualSizes,
    boolean convergenceOnly,
    boolean restartOnly,
    int restartResources,
    String restartInterval,
    Duration restartWindow,
    String restartBeforeJar,
    boolean rotationOnly,
    int rotationResources,
    boolean jfr,
    boolean scaleOnly,
    int scaleResources,
    String scaleInterval,
    int scaleRotationResources) {

  static final String USAGE =
      "ConvergenceBenchmark [--quick] [--latency-ms=150] [--sizes=1,100,1000] [--rps=200]"
          + " [--concurrency=32] [--steady-intervals=3] [--noise-secrets=5000]"
          + " [--rate-limit-rps=10] [--rate-limit-budget=50] [--rate-limit-resources=30]"
          + " [--manual-sizes=1,100] [--convergence-only] [--restart-only] [--restart-resources=1000]"
          + " [--restart-interval=10m] [--restart-window-s=180] [--restart-before-jar=PATH]"
          + " [--rotation-only] [--rotation-resources=1000] [--jfr]"
          + " [--scale-only] [--scale-resources=10000] [--scale-interval=5m]"
          + " [--scale-rotation-resources=N]";

  /** The most resources one round can number. */
  static final int MAX_RESOURCES = 99_999;

  static BenchOptions parse(String[] args) {
    boolean quick = List.of(args).contains("--quick");
    boolean restartOnly = List.of(args).contains("--restart-only");
    boolean convergenceOnly = List.of(args).contains("--convergence-only");
    boolean rotationOnly = List.of(args).contains("--rotation-only");
    boolean scaleOnly = List.of(args).contains("--scale-only");
    boolean jfr = List.of(args).contains("--jfr");
    long latencyMs = 150;
    List<Integer> sizes = quick ? List.of(1, 20) : List.of(1, 100, 1000);
    double rps = 200;
    int concurrency = 32;
    int intervals = quick ? 1 : 3;
    int noise = quick ? 500 : 5000;
    double limit = 10;
    double budget = 50;
    int limited = quick ? 10 : 30;
    List<Integer> manual = quick ? List.of(1, 5) : List.of(1, 100);
    int restartResources = quick ? 100 : 1000;
    String restartInterval = "10m";
    long restartWindowSeconds = quick ? 60 : 180;
    String beforeJar = null;
    int rotationResources = quick ? 100 : 1000;
    int scaleResources = 10_000;
    String scaleInterval = "5m";
    Integer scaleRotationResources = null;
    for (String arg : args) {
      if (arg.equals("--quick")
          || arg.equals("--restart-only")
          || arg.equals("--convergence-only")
          || arg.equals("--rotation-only")
          || arg.equals("--jfr")
          || arg.equals("--scale-only")) {
        continue;
      }
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      switch (name) {
        case "latency-ms" -> latencyMs = Long.parseLong(value);
        case "sizes" -> sizes = ints(value);
        case "rps" -> rps = Double.parseDouble(value);
        case "concurrency" -> concurrency = Integer.parseInt(value);
        case "steady-intervals" -> intervals = Integer.parseInt(value);
        case "noise-secrets" -> noise = Integer.parseInt(value);
        case "rate-limit-rps" -> limit = Double.parseDouble(value);
        case "rate-limit-budget" -> budget = Double.parseDouble(value);
        case "rate-limit-resources" -> limited = Integer.parseInt(value);
        case "manual-sizes" -> manual = ints(value);
        case "restart-resources" -> restartResources = Integer.parseInt(value);
        case "restart-interval" -> restartInterval = value;
        case "restart-window-s" -> restartWindowSeconds = Long.parseLong(value);
        case "restart-before-jar" -> beforeJar = value.isEmpty() ? null : value;
        case "rotation-resources" -> rotationResources = Integer.parseInt(value);
        case "scale-resources" -> scaleResources = Integer.parseInt(value);
        case "scale-interval" -> scaleInterval = value;
        case "scale-rotation-resources" -> scaleRotationResources = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option --" + name);
      }
    }
    int rotated = scaleRotationResources == null ? scaleResources : scaleRotationResources;
    // The benchmark's phone numbers hold a resource's index in five digits.
    for (int count : new int[] {scaleResources, rotated}) {
      if (count < 1 || count > MAX_RESOURCES) {
        throw new IllegalArgumentException(
            "--scale-resources and --scale-rotation-resources must be 1 to "
                + MAX_RESOURCES
                + ", got "
                + count);
      }
    }
    VerifyInterval.parse(scaleInterval)
        .problem()
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("--scale-interval: " + problem);
            });
    return new BenchOptions(
        Duration.ofMillis(latencyMs),
        sizes,
        3,
        rps,
        concurrency,
        intervals,
        noise,
        limit,
        budget,
        limited,
        manual,
        convergenceOnly,
        restartOnly,
        restartResources,
        restartInterval,
        Duration.ofSeconds(restartWindowSeconds),
        beforeJar,
        rotationOnly,
        rotationResources,
        jfr,
        scaleOnly,
        scaleResources,
        scaleInterval,
        rotated);
  }

  /** The scale round's verifyInterval as a duration. */
  Duration scaleIntervalDuration() {
    return VerifyInterval.parse(scaleInterval).interval().orElseThrow();
  }

  int largest() {
    return sizes.get(sizes.size() - 1);
  }

  private static List<Integer> ints(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(Integer.parseInt(s.trim()));
    }
    out.sort(Integer::compare);
    return List.copyOf(out);
  }
}
