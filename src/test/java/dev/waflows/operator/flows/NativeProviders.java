package dev.waflows.operator.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Where the native provider's library is built for (x86-64 Linux), it must load in the tests. */
final class NativeProviders {

  private NativeProviders() {}

  static boolean builtForThisMachine() {
    return System.getProperty("os.name").equals("Linux")
        && System.getProperty("os.arch").equals("amd64");
  }

  /** Fails where the library should load and does not; skips elsewhere. */
  static void assertServes() {
    assumeTrue(builtForThisMachine(), "the native provider is built for x86-64 Linux only");
    CipherProvider provider = CipherProvider.nativeIfAvailable();
    assertThat(provider.isNative()).as(provider.toString()).isTrue();
  }
}
