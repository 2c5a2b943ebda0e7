package dev.waflows.operator.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The values of one resource's series and of its numbers', and nothing else: the series themselves
 * (names, labels, HELP) are made at scrape time by {@link ResourceSeriesCollector}: about 480 bytes
 * for a resource of 3 numbers, where a Micrometer gauge per series took 6.6 KiB
 * (MetricsMemoryBenchmark, docs/benchmarks.md). Changed only by {@link FlowsMetrics}, one change of
 * a resource at a time; the fields are volatile for the scrape, which reads them from another
 * thread.
 */
final class ResourceRecord {

  private static final NumberRecord[] NO_NUMBERS = {};

  /** {@link #rotationStarted()} while no rotation is under way. */
  static final long NOT_ROTATING = Long.MIN_VALUE;

  private final String namespace;
  private final String name;
  // Copied on change: a scrape iterates the array it read, whatever changes meanwhile.
  private volatile NumberRecord[] numbers = NO_NUMBERS;
  // Null until the resource's conditions were recorded.
  private volatile Conditions conditions;
  private volatile long rotationStarted = NOT_ROTATING;
  // Null for a resource without spec.endpoint.
  private volatile Endpoint endpoint;

  ResourceRecord(String namespace, String name) {
    this.namespace = namespace;
    this.name = name;
  }

  String namespace() {
    return namespace;
  }

  String name() {
    return name;
  }

  NumberRecord[] numbers() {
    return numbers;
  }

  /** The number's record, or null if the resource has none for it yet. */
  NumberRecord number(String phoneNumberId) {
    for (NumberRecord n : numbers) {
      if (n.id().equals(phoneNumberId)) {
        return n;
      }
    }
    return null;
  }

  /** Publishes a number's record, its values set: a scrape never sees it half made. */
  void add(NumberRecord n) {
    NumberRecord[] more = Arrays.copyOf(numbers, numbers.length + 1);
    more[numbers.length] = n;
    numbers = more;
  }

  /** Drops the numbers not in {@code phoneNumberIds}, and returns them. */
  List<NumberRecord> retain(Set<String> phoneNumberIds) {
    List<NumberRecord> kept = new ArrayList<>();
    List<NumberRecord> dropped = new ArrayList<>();
    for (NumberRecord n : numbers) {
      (phoneNumberIds.contains(n.id()) ? kept : dropped).add(n);
    }
    if (!dropped.isEmpty()) {
      numbers = kept.toArray(NO_NUMBERS);
    }
    return dropped;
  }

  Conditions conditions() {
    return conditions;
  }

  void conditions(boolean ready, boolean stalled) {
    conditions = Conditions.of(ready, stalled);
  }

  long rotationStarted() {
    return rotationStarted;
  }

  void rotationStarted(long epochSecond) {
    rotationStarted = epochSecond;
  }

  void rotationSettled() {
    rotationStarted = NOT_ROTATING;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  void endpointReady(boolean ready) {
    Endpoint e = endpoint;
    endpoint =
        e == null
            ? new Endpoint(ready, List.of(), null)
            : new Endpoint(ready, e.outcomes(), e.last());
  }

  /**
   * Records the outcome of the last probe; a series exists for each of {@code outcomes} (and those
   * named before) from now on.
   */
  void endpointProbed(String outcome, List<String> outcomes) {
    Endpoint e = endpoint;
    if (e == null) {
      endpoint = new Endpoint(false, outcomes, outcome);
    } else if (e.outcomes().containsAll(outcomes)) {
      endpoint = new Endpoint(e.ready(), e.outcomes(), outcome);
    } else {
      Set<String> all = new LinkedHashSet<>(e.outcomes());
      all.addAll(outcomes);
      endpoint = new Endpoint(e.ready(), List.copyOf(all), outcome);
    }
  }

  void forgetEndpoint() {
    endpoint = null;
  }

  /** Nothing of the resource is published any more. */
  boolean isEmpty() {
    return numbers.length == 0
        && conditions == null
        && rotationStarted == NOT_ROTATING
        && endpoint == null;
  }

  /** The Ready and Stalled conditions: four values, shared by every resource. */
  enum Conditions {
    NEITHER(false, false),
    READY(true, false),
    STALLED(false, true),
    BOTH(true, true);

    final boolean ready;
    final boolean stalled;

    Conditions(boolean ready, boolean stalled) {
      this.ready = ready;
      this.stalled = stalled;
    }

    static Conditions of(boolean ready, boolean stalled) {
      return ready ? (stalled ? BOTH : READY) : (stalled ? STALLED : NEITHER);
    }
  }

  /**
   * The endpoint's state: EndpointReady, and the outcome of the last probe among those that have a
   * series (the list is shared, not copied per resource).
   */
  record Endpoint(boolean ready, List<String> outcomes, String last) {}

  /** One number's values; {@code lastChecked} is 0 until this process checked it. */
  static final class NumberRecord {
    private final String id;
    // One of the few status strings FlowsMetrics counts by, never a copy per number.
    private volatile String status;
    private volatile boolean valid;
    private volatile long intervalSeconds;
    private volatile long lastChecked;

    NumberRecord(String id) {
      this.id = id;
    }

    String id() {
      return id;
    }

    String status() {
      return status;
    }

    /** Sets the signature status; returns the one before (null for a new number). */
    String status(String canonical) {
      String before = status;
      status = canonical;
      return before;
    }

    boolean valid() {
      return valid;
    }

    long intervalSeconds() {
      return intervalSeconds;
    }

    long lastChecked() {
      return lastChecked;
    }

    void known(boolean valid, long intervalSeconds) {
      this.valid = valid;
      this.intervalSeconds = intervalSeconds;
    }

    void checkedAt(long epochSecond) {
      lastChecked = epochSecond;
    }
  }
}
