package dev.waflows.operator.management;

import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A started Jetty HTTP/1.1 server with the limits every port of this program needs.
 *
 * <p>Why Jetty (core API, no servlets) rather than the JDK's {@code HttpServer}: Jetty reads
 * requests without blocking, so a client that sends one byte and then nothing holds a socket but no
 * thread, and its idle timeout closes it; the JDK server reads each request on a pool thread with
 * no read timeout, so a few such clients stop it. Threads and connections are bounded, so a flood
 * costs a bounded amount of memory; the graceful stop lets requests in flight finish.
 *
 * <p>The job queue itself is not bounded, as Jetty advises (a full queue would refuse Jetty's own
 * I/O tasks): with HTTP/1.1 each connection has at most one request in progress, so the connection
 * limit bounds the queue.
 */
public final class BoundedServer implements AutoCloseable {

  /**
   * The limits of one server.
   *
   * @param maxThreads threads that run handlers (the selector and the acceptor use two of them)
   * @param maxConnections open connections; beyond it new ones wait in the kernel's backlog
   * @param idleTimeout a connection silent this long is closed, also mid-request
   * @param stopTimeout on close, how long requests in flight may take to finish
   */
  public record Limits(
      int maxThreads, int maxConnections, Duration idleTimeout, Duration stopTimeout) {}

  private static final Duration SHUTDOWN_IDLE_TIMEOUT = Duration.ofMillis(100);

  private final Server server;
  private final ServerConnector connector;

  private BoundedServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Binds {@code port} on every interface (0: any free port) and serves {@code handler}.
   *
   * @throws IOException if the port cannot be bound
   */
  public static BoundedServer start(String name, int port, Limits limits, Handler handler)
      throws IOException {
    return start(name, port, limits, handler, null);
  }

  /**
   * As {@link #start(String, int, Limits, Handler)}, over TLS with {@code tls}'s certificate.
   *
   * @throws IOException if the port cannot be bound
   */
  public static BoundedServer startTls(
      String name, int port, Limits limits, Handler handler, SslContextFactory.Server tls)
      throws IOException {
    return start(name, port, limits, handler, tls);
  }

  private static BoundedServer start(
      String name, int port, Limits limits, Handler handler, SslContextFactory.Server tls)
      throws IOException {
    QueuedThreadPool pool =
        new QueuedThreadPool(limits.maxThreads(), Math.min(4, limits.maxThreads()));
    pool.setName(name);
    pool.setDaemon(true);
    // Reserved threads speed up a busy server by a little and need spare threads; ours are few.
    pool.setReservedThreads(0);
    pool.setStopTimeout(0);
    Server server = new Server(pool);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // One acceptor thread (with none, close() could not shut the listening socket early) and one
    // selector; the other threads run handlers.
    HttpConnectionFactory http11 = new HttpConnectionFactory(http);
    ServerConnector connector =
        tls == null
            ? new ServerConnector(server, 1, 1, http11)
            : new ServerConnector(
                server, 1, 1, new SslConnectionFactory(tls, http11.getProtocol()), http11);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    // When stopping, idle keep-alive connections are closed after this (Jetty's default: 1 s);
    // a request still being answered is not cut by it.
    connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT.toMillis());
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));

    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(handler);
    server.setHandler(graceful);
    server.setStopTimeout(limits.stopTimeout().toMillis());
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      throw new IOException("cannot serve " + name + " on port " + port + ": " + e.getMessage(), e);
    }
    return new BoundedServer(server, connector);
  }

  /** The port bound. */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Stops accepting connections, lets requests in flight finish within the stop timeout, then
   * closes what is left.
   */
  @Override
  public void close() {
    // Jetty's graceful stop keeps the port open and answers new requests 503; closing the
    // listening socket first refuses them, so a client's retry goes to another replica at once.
    connector.close();
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping is best effort: what did not finish in time is closed with the process.
    }
  }
}
