package dev.waflows.operator.graph;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP proxy on 127.0.0.1 for tests: answers {@code CONNECT} with a tunnel and forwards
 * absolute-form requests, always to one upstream address whatever host was asked for (so a test can
 * name a host that does not resolve and still prove the call went through here). It can demand
 * {@code Proxy-Authorization: Basic}. It records each request head it read and every byte it
 * relayed from the client.
 */
final class TestProxy implements AutoCloseable {

  private final ServerSocket socket;
  private final InetSocketAddress upstream;
  private final String requiredAuthorization;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> heads = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream relayed = new ByteArrayOutputStream();

  /**
   * @param user with {@code password}, the credentials demanded; null demands none
   */
  TestProxy(InetSocketAddress upstream, String user, String password) throws IOException {
    this.upstream = upstream;
    this.requiredAuthorization =
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(this::acceptLoop);
  }

  /** The proxy URL, e.g. {@code http://127.0.0.1:41234}. */
  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Client connections accepted so far. */
  int connections() {
    return connections.get();
  }

  /** Request heads read so far (request line and headers), in order. */
  List<String> heads() {
    return List.copyOf(heads);
  }

  /** Every byte relayed from clients to the upstream, as ISO-8859-1 text. */
  String relayedFromClients() {
    synchronized (relayed) {
      return relayed.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        connections.incrementAndGet();
        threads.submit(() -> serve(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      heads.add(head);
      if (requiredAuthorization != null
          && !head.contains("\r\nProxy-Authorization: " + requiredAuthorization + "\r\n")) {
        out.write(
            ("HTTP/1.1 407 Proxy Authentication Required\r\n"
                    + "Proxy-Authenticate: Basic realm=\"test\"\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return;
      }
      try (Socket server = new Socket(upstream.getAddress(), upstream.getPort())) {
        if (head.startsWith("CONNECT ")) {
          out.write(
              "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        } else {
          byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
          record(bytes, bytes.length);
          server.getOutputStream().write(bytes);
        }
        InputStream fromServer = server.getInputStream();
        threads.submit(() -> pump(fromServer, out, false));
        pump(in, server.getOutputStream(), true);
      }
    } catch (IOException e) {
      // The client or the upstream went away: the exchange is over.
    }
  }

  private void pump(InputStream from, OutputStream to, boolean fromClient) {
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = from.read(buffer)) != -1; ) {
        if (fromClient) {
          record(buffer, n);
        }
        to.write(buffer, 0, n);
        to.flush();
      }
    } catch (IOException e) {
      // Closed from the other side.
    }
  }

  private void record(byte[] bytes, int length) {
    synchronized (relayed) {
      relayed.write(bytes, 0, length);
    }
  }

  /** Reads up to and including the blank line; byte by byte, so nothing after it is consumed. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b; (b = in.read()) != -1; ) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == end.length) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }
}
