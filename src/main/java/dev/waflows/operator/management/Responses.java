package dev.waflows.operator.management;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Whole answers written in one go (Jetty then sends a Content-Length). */
public final class Responses {

  /** Plain UTF-8 text. */
  public static final String TEXT = "text/plain; charset=utf-8";

  private Responses() {}

  /** Writes {@code body} with {@code status} and {@code contentType}, and completes the request. */
  public static void write(
      Response response, Callback callback, int status, String contentType, byte[] body) {
    write(response, callback, status, contentType, ByteBuffer.wrap(body));
  }

  /** {@link #write} with a body that is not copied: nothing may change it afterwards. */
  static void write(
      Response response, Callback callback, int status, String contentType, ByteBuffer body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.write(true, body, callback);
  }

  /** {@link #write} with a UTF-8 text body. */
  public static void write(
      Response response, Callback callback, int status, String contentType, String body) {
    write(response, callback, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
