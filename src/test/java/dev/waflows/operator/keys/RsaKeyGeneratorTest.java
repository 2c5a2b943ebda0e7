package dev.waflows.operator.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RsaKeyGeneratorTest {

  private final RsaKeyGenerator generator = new RsaKeyGenerator();

  @Test
  void generatesRsa2048WithExponent65537() {
    KeyPair pair = generator.generate();

    assertThat(pair.getPublic())
        .isInstanceOfSatisfying(
            RSAPublicKey.class,
            k -> {
              assertThat(k.getModulus().bitLength()).isEqualTo(2048);
              assertThat(k.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
            });
    assertThat(pair.getPrivate()).isInstanceOf(RSAPrivateCrtKey.class);
  }

  @Test
  void generatesADifferentPairEachTime() {
    RSAPublicKey first = (RSAPublicKey) generator.generate().getPublic();
    RSAPublicKey second = (RSAPublicKey) generator.generate().getPublic();

    assertThat(first.getModulus()).isNotEqualTo(second.getModulus());
  }

  @Test
  void generatesNoMoreKeysAtOnceThanItIsAllowed() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    CountDownLatch twoStarted = new CountDownLatch(2);
    CountDownLatch finish = new CountDownLatch(1);
    KeyPair pair = generator.generate();
    RsaKeyGenerator bounded =
        new RsaKeyGenerator(
            2,
            () -> {
              mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              twoStarted.countDown();
              try {
                finish.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              inFlight.decrementAndGet();
              return pair;
            });
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Thread t = new Thread(bounded::generate);
      t.start();
      callers.add(t);
    }

    assertThat(twoStarted.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(200); // time for a third caller to get in, were it let in
    assertThat(inFlight.get()).isEqualTo(2);
    finish.countDown();
    for (Thread t : callers) {
      t.join(10_000);
    }
    assertThat(mostInFlight.get()).isEqualTo(2);
    assertThat(inFlight.get()).isZero();
  }

  @Test
  void aCallerWhoseKeyIsNoLongerWantedWhenItsTurnComesGetsNone() throws Exception {
    KeyPair pair = generator.generate();
    AtomicInteger generated = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    RsaKeyGenerator one =
        new RsaKeyGenerator(
            1,
            () -> {
              generated.incrementAndGet();
              started.countDown();
              try {
                finish.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return pair;
            });
    Thread first = new Thread(one::generate);
    first.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    AtomicBoolean wanted = new AtomicBoolean(true);
    List<Optional<KeyPair>> second = new ArrayList<>();
    Thread waiting = new Thread(() -> second.add(one.generateIf(wanted::get)));
    waiting.start();

    Thread.sleep(200); // the second caller waits for the only slot
    wanted.set(false);
    finish.countDown();
    first.join(10_000);
    waiting.join(10_000);

    assertThat(second).containsExactly(Optional.empty());
    assertThat(generated.get()).isEqualTo(1);
    assertThat(one.generateIf(() -> true)).contains(pair);
  }
}
