package dev.waflows.operator.testing;

import dev.waflows.operator.keys.RsaKeyGenerator;
import java.util.concurrent.CountDownLatch;

/**
 * Holds every slot of a key generator, as other resources' keys being made would, until closed:
 * each holder waits in the generator's "still wanted?" check, which runs holding its slot.
 */
public final class BusyKeyGenerator implements AutoCloseable {

  private final CountDownLatch done = new CountDownLatch(1);

  private BusyKeyGenerator() {}

  /** Returns once every slot of {@code generator} is taken. */
  public static BusyKeyGenerator hold(RsaKeyGenerator generator) throws InterruptedException {
    BusyKeyGenerator busy = new BusyKeyGenerator();
    CountDownLatch holding = new CountDownLatch(generator.atOnce());
    for (int i = 0; i < generator.atOnce(); i++) {
      Thread t =
          new Thread(
              () ->
                  generator.generateIf(
                      () -> {
                        holding.countDown();
                        busy.awaitDone();
                        return false;
                      }),
              "busy-key-generator");
      t.setDaemon(true);
      t.start();
    }
    holding.await();
    return busy;
  }

  /** The slots are free again. */
  @Override
  public void close() {
    done.countDown();
  }

  private void awaitDone() {
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
