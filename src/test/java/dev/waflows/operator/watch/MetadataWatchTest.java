package dev.waflows.operator.watch;

import static dev.waflows.operator.watch.FakeWatchServer.Script.sendAndClose;
import static dev.waflows.operator.watch.FakeWatchServer.Script.sendAndStay;
import static dev.waflows.operator.watch.MetadataEventParserTest.MARKER;
import static dev.waflows.operator.watch.MetadataEventParserTest.MARKER_B64;
import static dev.waflows.operator.watch.MetadataEventParserTest.fullSecretEvent;
import static dev.waflows.operator.watch.MetadataEventParserTest.metadataEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waflows.operator.testing.CapturedLogs;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watch's protocol against a scripted API server: what it asks for and how it recovers. */
class MetadataWatchTest {

  static final MetadataWatch.Timing FAST =
      new MetadataWatch.Timing(
          Duration.ofMillis(100),
          Duration.ofMillis(400),
          Duration.ofSeconds(60),
          Duration.ofSeconds(5));

  private FakeWatchServer api;
  private KubernetesClient client;
  private MetadataWatch watch;
  private final List<String> changed = new CopyOnWriteArrayList<>();
  private final AtomicInteger gaps = new AtomicInteger();
  private final StringBuffer wire = new StringBuffer();

  @BeforeEach
  void setUp() throws Exception {
    api = new FakeWatchServer();
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl(api.server.url("/").toString())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
  }

  @AfterEach
  void tearDown() {
    if (watch != null) {
      watch.close();
    }
    client.close();
    api.close();
  }

  private MetadataWatch watch() {
    URI secrets = URI.create(api.server.url("/api/v1/secrets").toString());
    watch =
        new MetadataWatch(
            client.getHttpClient(),
            secrets,
            "Secrets",
            new MetadataWatch.Listener() {
              @Override
              public void changed(String namespace, String name) {
                changed.add(namespace + "/" + name);
              }

              @Override
              public void mayHaveMissedChanges() {
                gaps.incrementAndGet();
              }
            },
            FAST,
            wire::append);
    return watch;
  }

  @Test
  void listsOneItemThenWatchesFromItsVersionAskingForMetadataOnly() throws Exception {
    api.enqueueList(FakeWatchServer.list("100"));
    api.enqueueWatch(
        sendAndStay(
            metadataEvent("ADDED", "shop", "token", "101"),
            metadataEvent("MODIFIED", "shop", "token", "102")));

    watch().start();
    watch.awaitOpen(Duration.ofSeconds(5));

    RecordedRequest list = api.takeRequest();
    assertThat(list.getUrl().encodedPath()).isEqualTo("/api/v1/secrets");
    assertThat(list.getUrl().queryParameter("limit")).isEqualTo("1");
    assertThat(list.getHeaders().get("Accept"))
        .isEqualTo("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");
    RecordedRequest w = api.takeRequest();
    assertThat(w.getUrl().queryParameter("watch")).isEqualTo("true");
    assertThat(w.getUrl().queryParameter("resourceVersion")).isEqualTo("100");
    assertThat(w.getUrl().queryParameter("allowWatchBookmarks")).isEqualTo("true");
    assertThat(Long.parseLong(w.getUrl().queryParameter("timeoutSeconds"))).isBetween(60L, 120L);
    assertThat(w.getHeaders().get("Accept"))
        .isEqualTo("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");
    assertThat(w.getHeaders().get("Origin"))
        .isEqualTo("http://" + w.getUrl().host() + ":" + w.getUrl().port());

    await().atMost(Duration.ofSeconds(5)).until(() -> changed.size() == 2);
    assertThat(changed).containsExactly("shop/token", "shop/token");
    assertThat(watch.isHealthy()).isTrue();
    assertThat(gaps).hasValue(0);
  }

  @Test
  void resumesFromTheLastVersionSeenWhenTheServerEndsTheWatch() throws Exception {
    api.enqueueList(FakeWatchServer.list("100"));
    api.enqueueWatch(
        sendAndClose(
            300,
            metadataEvent("ADDED", "shop", "token", "101"),
            "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"150\"}}}"));

    watch().start();
    watch.awaitOpen(Duration.ofSeconds(5));
    api.takeRequest();
    api.takeRequest();

    RecordedRequest again = api.takeRequest();
    assertThat(again.getUrl().queryParameter("watch")).as("no second list").isEqualTo("true");
    assertThat(again.getUrl().queryParameter("resourceVersion")).isEqualTo("150");
    assertThat(changed).containsExactly("shop/token");
    assertThat(gaps).as("nothing was missed").hasValue(0);
    await().atMost(Duration.ofSeconds(5)).until(watch::isHealthy);
  }

  @Test
  void listsAgainAfter410GoneAndSaysChangesMayHaveBeenMissed() throws Exception {
    api.enqueueList(FakeWatchServer.list("100"));
    api.enqueueWatch(
        sendAndStay(
            "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"reason\":\"Expired\","
                + "\"code\":410}}"));
    api.enqueueList(FakeWatchServer.list("200"));

    watch().start();
    watch.awaitOpen(Duration.ofSeconds(5));
    api.takeRequest();
    api.takeRequest();

    RecordedRequest relist = api.takeRequest();
    assertThat(relist.getUrl().queryParameter("limit")).isEqualTo("1");
    RecordedRequest w = api.takeRequest();
    assertThat(w.getUrl().queryParameter("resourceVersion")).isEqualTo("200");
    await().atMost(Duration.ofSeconds(5)).until(() -> gaps.get() == 1);
    assertThat(api.closedByClient.poll(5, java.util.concurrent.TimeUnit.SECONDS))
        .as("the expired watch is closed")
        .isNotNull();
  }

  @Test
  void retriesWithGrowingBackoffWhileTheApiServerFailsAndIsUnhealthyMeanwhile() throws Exception {
    for (int i = 0; i < 3; i++) {
      api.enqueueList(new MockResponse.Builder().code(503).body("{}").build());
    }
    api.enqueueList(FakeWatchServer.list("300"));
    api.enqueueWatchRefused(403);

    watch().start();
    watch.awaitOpen(Duration.ofMillis(50));
    assertThat(watch.isHealthy()).isFalse();

    long[] at = new long[6];
    for (int i = 0; i < 6; i++) {
      api.takeRequest();
      at[i] = System.nanoTime();
    }
    // lists at 0, +100, +200, +400 ms; the refused watch (403) and its retry after 100 ms
    assertThat(Duration.ofNanos(at[3] - at[2])).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    await().atMost(Duration.ofSeconds(5)).until(watch::isHealthy);
  }

  @Test
  void aServerThatSendsWholeSecretsStillYieldsOnlyNamesAndNothingOfTheDataIsLoggedOrKept()
      throws Exception {
    try (CapturedLogs logs = new CapturedLogs("dev.waflows.operator.watch")) {
      api.enqueueWatch(
          sendAndStay(
              fullSecretEvent("ADDED", "shop", "token", "5"),
              "{\"type\":\"MODIFIED\",\"object\":{\"data\":" + MARKER + "}}",
              fullSecretEvent("MODIFIED", "shop", "token", "6")));

      watch().start();
      watch.awaitOpen(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(5)).until(() -> changed.size() == 2);

      assertThat(wire.toString()).as("the server did send the data").contains(MARKER);
      assertThat(changed).containsExactly("shop/token", "shop/token");
      assertThat(logs.lines()).anyMatch(l -> l.contains("ignored a message"));
      assertThat(String.join("\n", logs.lines())).doesNotContain(MARKER).doesNotContain(MARKER_B64);
      assertThat(RetainedStrings.of(watch)).isNotEmpty().noneMatch(s -> s.contains(MARKER));
      assertThat(RetainedStrings.of(watch)).noneMatch(s -> s.contains(MARKER_B64));
    }
  }

  @Test
  void aConnectionRefusedBeforeAnyRequestIsRetriedAndReportedUnhealthy() throws Exception {
    api.enqueueList(FakeWatchServer.list("100"));
    api.enqueueWatch(
        sendAndClose(
            300,
            "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"150\"}}}"));
    AtomicBoolean refuse = new AtomicBoolean();
    AtomicInteger refused = new AtomicInteger();
    URI secrets = URI.create(api.server.url("/api/v1/secrets").toString());
    watch =
        new MetadataWatch(
            refusingWebSockets(client.getHttpClient(), refuse, refused),
            secrets,
            "Secrets",
            new MetadataWatch.Listener() {
              @Override
              public void changed(String namespace, String name) {}

              @Override
              public void mayHaveMissedChanges() {}
            },
            FAST,
            s -> {});

    watch.start();
    assertThat(watch.awaitOpen(Duration.ofSeconds(5))).isTrue();
    assertThat(watch.isHealthy()).isTrue();
    // The server ends the watch; the client refuses the next WebSocket at once, twice at least.
    refuse.set(true);
    await().atMost(Duration.ofSeconds(5)).until(() -> refused.get() >= 2);
    assertThat(watch.isHealthy()).as("not watching: unhealthy").isFalse();

    refuse.set(false);
    await().atMost(Duration.ofSeconds(5)).until(watch::isHealthy);
    api.takeRequest();
    api.takeRequest();
    RecordedRequest resumed = api.takeRequest();
    assertThat(resumed.getUrl().queryParameter("watch")).isEqualTo("true");
    assertThat(resumed.getUrl().queryParameter("resourceVersion")).isEqualTo("150");
  }

  /** An HTTP client whose WebSocket builder throws, without sending anything, while asked to. */
  private static HttpClient refusingWebSockets(
      HttpClient http, AtomicBoolean refuse, AtomicInteger refused) {
    return (HttpClient)
        Proxy.newProxyInstance(
            HttpClient.class.getClassLoader(),
            new Class<?>[] {HttpClient.class},
            (proxy, method, args) -> {
              Object result = invoke(method, http, args);
              if (!method.getName().equals("newWebSocketBuilder")) {
                return result;
              }
              WebSocket.Builder real = (WebSocket.Builder) result;
              return Proxy.newProxyInstance(
                  WebSocket.Builder.class.getClassLoader(),
                  new Class<?>[] {WebSocket.Builder.class},
                  (builder, m, a) -> {
                    if (m.getName().equals("buildAsync") && refuse.get()) {
                      refused.incrementAndGet();
                      throw new IllegalStateException("client is closing");
                    }
                    Object r = invoke(m, real, a);
                    return r == real ? builder : r;
                  });
            });
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void closeEndsTheWatchAndNothingIsReportedAfterwards() throws Exception {
    watch().start();
    watch.awaitOpen(Duration.ofSeconds(5));
    assertThat(watch.isHealthy()).isTrue();
    var socket = api.openSockets.poll(5, java.util.concurrent.TimeUnit.SECONDS);

    watch.close();

    assertThat(watch.isHealthy()).isFalse();
    assertThat(api.closedByClient.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("1000");
    socket.send(metadataEvent("ADDED", "shop", "late", "9"));
    Thread.sleep(300);
    assertThat(changed).isEmpty();
    assertThat(api.server.getRequestCount()).as("no reconnect").isEqualTo(2);
  }
}
