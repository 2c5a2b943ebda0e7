package dev.waflows.operator.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without blocking a thread while the client is slow, and stops at the limit:
 * the rest of a body that is too large is never read.
 */
final class BodyReader {

  /** Where the body goes. Exactly one method is called, once. */
  interface Receiver {
    void body(byte[] body);

    void tooLarge();

    void failed(Throwable failure);
  }

  private final Request request;
  private final int maxBytes;
  private final Receiver receiver;
  private final ByteArrayOutputStream body;

  private BodyReader(Request request, int maxBytes, Receiver receiver) {
    this.request = request;
    this.maxBytes = maxBytes;
    this.receiver = receiver;
    long length = request.getLength();
    this.body = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
  }

  /**
   * Reads the body of {@code request} (declared no larger than {@code maxBytes}) into the receiver.
   */
  static void read(Request request, int maxBytes, Receiver receiver) {
    new BodyReader(request, maxBytes, receiver).next();
  }

  private void next() {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        // Nothing yet: called again when bytes arrive; no thread waits meanwhile.
        request.demand(this::next);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        receiver.failed(chunk.getFailure());
        return;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      boolean last = chunk.isLast();
      if (body.size() + bytes.remaining() > maxBytes) {
        chunk.release();
        receiver.tooLarge();
        return;
      }
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      body.write(copy, 0, copy.length);
      chunk.release();
      if (last) {
        receiver.body(body.toByteArray());
        return;
      }
    }
  }
}
