package dev.waflows.operator.flows;

import org.junit.jupiter.api.BeforeAll;

/** {@link FlowsCipherTest}'s vectors with the native provider the proxy uses where it loads. */
class NativeFlowsCipherTest extends FlowsCipherTest {

  @BeforeAll
  static void theNativeProviderServesHere() {
    NativeProviders.assertServes();
  }

  @Override
  CipherProvider provider() {
    return CipherProvider.nativeIfAvailable();
  }
}
