package dev.waflows.operator.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
}
