package dev.waflows.operator.watch;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A scripted API server for one collection: list answers and watch scripts are served in the order
 * they were queued; when none is left, a list answers resourceVersion "1" and a watch stays open
 * and silent. Every request is recorded.
 */
final class FakeWatchServer implements AutoCloseable {

  /** What one watch connection does once open: messages, then a pause, then maybe a close. */
  record Script(List<String> messages, long closeAfterMillis) {
    static Script sendAndStay(String... messages) {
      return new Script(List.of(messages), -1);
    }

    static Script sendAndClose(long afterMillis, String... messages) {
      return new Script(List.of(messages), afterMillis);
    }
  }

  final MockWebServer server = new MockWebServer();
  private final BlockingQueue<MockResponse> lists = new LinkedBlockingQueue<>();
  private final BlockingQueue<MockResponse> watches = new LinkedBlockingQueue<>();
  final BlockingQueue<WebSocket> openSockets = new LinkedBlockingQueue<>();
  final BlockingQueue<String> closedByClient = new LinkedBlockingQueue<>();

  FakeWatchServer() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            boolean watch = "true".equals(request.getUrl().queryParameter("watch"));
            MockResponse next = (watch ? watches : lists).poll();
            if (next != null) {
              return next;
            }
            return watch ? upgrade(Script.sendAndStay()) : list("1");
          }
        });
    server.start(0);
  }

  static String listBody(String resourceVersion) {
    return "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\","
        + "\"metadata\":{\"resourceVersion\":\""
        + resourceVersion
        + "\"},\"items\":[]}";
  }

  static MockResponse list(String resourceVersion) {
    return new MockResponse.Builder().code(200).body(listBody(resourceVersion)).build();
  }

  void enqueueList(MockResponse response) {
    lists.add(response);
  }

  void enqueueWatch(Script script) {
    watches.add(upgrade(script));
  }

  void enqueueWatchRefused(int code) {
    watches.add(new MockResponse.Builder().code(code).body("{\"kind\":\"Status\"}").build());
  }

  RecordedRequest takeRequest() throws InterruptedException {
    return server.takeRequest(10, TimeUnit.SECONDS);
  }

  private MockResponse upgrade(Script script) {
    return new MockResponse.Builder()
        .webSocketUpgrade(
            new WebSocketListener() {
              @Override
              public void onOpen(WebSocket socket, Response response) {
                openSockets.add(socket);
                Thread play =
                    new Thread(
                        () -> {
                          script.messages().forEach(socket::send);
                          if (script.closeAfterMillis() >= 0) {
                            sleep(script.closeAfterMillis());
                            socket.close(1000, null);
                          }
                        });
                play.setDaemon(true);
                play.start();
              }

              @Override
              public void onClosing(WebSocket socket, int code, String reason) {
                closedByClient.add(code + "");
                socket.close(1000, null);
              }
            })
        .build();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
