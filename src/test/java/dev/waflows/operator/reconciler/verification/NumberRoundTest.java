package dev.waflows.operator.reconciler.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.FlowsEncryptionKey;
import dev.waflows.operator.api.FlowsEncryptionKeySpec;
import dev.waflows.operator.api.Mode;
import dev.waflows.operator.graph.AccessToken;
import dev.waflows.operator.graph.GraphApiException;
import dev.waflows.operator.graph.GraphEndpoint;
import dev.waflows.operator.graph.GraphErrorReason;
import dev.waflows.operator.graph.SignatureStatus;
import dev.waflows.operator.graph.StoredKey;
import dev.waflows.operator.graph.WhatsAppEncryptionApi;
import dev.waflows.operator.keys.KeySecretReader;
import dev.waflows.operator.keys.KeySecretWriter;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.keys.RsaKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The numbers of one resource are checked side by side, and a refused token stops the rest. */
class NumberRoundTest {

  private static final GraphEndpoint ENDPOINT = GraphEndpoint.of("http://127.0.0.1:1", null, null);
  private static final AccessToken TOKEN = AccessToken.of("EAAGtest");
  private static final Executor WORKERS = NumberWorkers.create();
  private static LoadedKey key;

  @BeforeAll
  static void key() throws Exception {
    Map<String, byte[]> data = new HashMap<>();
    KeySecretWriter.write(new RsaKeyGenerator().generate(), null)
        .forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.US_ASCII)));
    key = KeySecretReader.read(data, null);
  }

  /** Holds our key for every number once posted; each call takes {@code millis}. */
  private static final class SlowGraph implements WhatsAppEncryptionApi {
    final Map<String, String> stored = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
    final long millis;
    volatile GraphErrorReason failWith;
    volatile Integer failCode;

    SlowGraph(long millis) {
      this.millis = millis;
    }

    private void call() throws GraphApiException {
      calls.incrementAndGet();
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      if (failWith != null) {
        throw GraphApiException.builder(failWith, "refused").code(failCode).build();
      }
    }

    @Override
    public StoredKey get(GraphEndpoint endpoint, String id, AccessToken token)
        throws GraphApiException {
      call();
      String pem = stored.get(id);
      return pem == null ? StoredKey.none() : StoredKey.of(pem, SignatureStatus.VALID);
    }

    @Override
    public void register(GraphEndpoint endpoint, String id, AccessToken token, String pem)
        throws GraphApiException {
      call();
      stored.put(id, pem);
    }
  }

  private static FlowsEncryptionKey resource(String... ids) {
    FlowsEncryptionKeySpec spec = new FlowsEncryptionKeySpec();
    spec.setPhoneNumberIds(List.of(ids));
    FlowsEncryptionKey r = new FlowsEncryptionKey();
    r.setSpec(spec);
    return r;
  }

  @Test
  void numbersAreCheckedSideBySideAndReportedInSpecOrder() {
    SlowGraph graph = new SlowGraph(100);
    NumberRound round = registering(graph, WORKERS);

    NumberRound.Result result = round.run(resource("11", "22", "33"), Map.of());
    List<NumberObservation> seen = result.observations();

    assertThat(seen).extracting(NumberObservation::id).containsExactly("11", "22", "33");
    assertThat(seen)
        .allSatisfy(
            o ->
                assertThat(o)
                    .isInstanceOfSatisfying(
                        NumberObservation.Checked.class,
                        c -> assertThat(c.registeredNow() && c.keyMatches()).isTrue()));
    assertThat(graph.calls.get()).isEqualTo(9);
    // The three chains overlapped: one GET-POST-GET of latency, not three in a row (no clock
    // read, so a loaded machine cannot fail it).
    assertThat(graph.maxInFlight.get()).isEqualTo(3);
    assertThat(result.anyFailed()).isFalse();
  }

  @Test
  void aRefusedTokenStopsNumbersThatHaveNotStarted() {
    SlowGraph graph = new SlowGraph(50);
    graph.failWith = GraphErrorReason.InvalidToken;
    // One worker: the numbers run one after another, so the first refusal stops the rest.
    NumberRound round = registering(graph, Runnable::run);

    NumberRound.Result result = round.run(resource("11", "22", "33"), Map.of());
    List<NumberObservation> seen = result.observations();

    assertThat(graph.calls.get()).isEqualTo(1);
    assertThat(seen)
        .allSatisfy(
            o ->
                assertThat(o)
                    .isInstanceOfSatisfying(
                        NumberObservation.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo(GraphErrorReason.InvalidToken)));
    assertThat(result.anyFailed()).isTrue();
  }

  @ParameterizedTest(name = "{0} code {1} stops the round: {2}")
  @CsvSource({
    "InvalidToken, 190, true",
    "PermissionDenied, 200, true",
    "PermissionDenied, 3, true",
    "RateLimited, 4, true",
    "PermissionDenied, 10, false",
    "InvalidPhoneNumber, 100, false"
  })
  void onlyFailuresThatRepeatForEveryNumberStopTheRound(
      GraphErrorReason reason, int code, boolean stops) {
    SlowGraph graph = new SlowGraph(1);
    graph.failWith = reason;
    graph.failCode = code;
    // One worker: the numbers run one after another.
    NumberRound round = registering(graph, Runnable::run);

    NumberRound.Result result = round.run(resource("11", "22", "33"), Map.of());

    assertThat(graph.calls.get()).isEqualTo(stops ? 1 : 3);
    assertThat(result.observations())
        .allSatisfy(
            o ->
                assertThat(o)
                    .isInstanceOfSatisfying(
                        NumberObservation.Failed.class,
                        f -> assertThat(f.reason()).isEqualTo(reason)));
  }

  @Test
  void aNumberAnotherResourceOwnsIsNotCalled() {
    SlowGraph graph = new SlowGraph(1);
    NumberRound round = registering(graph, WORKERS);

    NumberRound.Result result =
        round.run(resource("11", "22"), Map.of("22", "the FlowsEncryptionKey older"));

    assertThat(result.observations().get(1)).isInstanceOf(NumberObservation.Conflicted.class);
    assertThat(graph.calls.get()).isEqualTo(3);
    assertThat(result.anyFailed()).isTrue();
  }

  /** A round in Register mode that may POST, on {@code workers}. */
  private NumberRound registering(SlowGraph graph, java.util.concurrent.Executor workers) {
    return new NumberRound(
        new PhoneNumberVerifier(graph),
        workers,
        ENDPOINT,
        TOKEN,
        key,
        RegistrationPolicy.plain(Mode.Register, true));
  }
}
