package dev.waflows.operator.flows;

import org.junit.jupiter.api.BeforeAll;

/**
 * {@link FlowsInteropTest}'s exchanges with openssl and Node with the native provider the proxy
 * uses where it loads.
 */
class NativeFlowsInteropTest extends FlowsInteropTest {

  @BeforeAll
  static void theNativeProviderServesHere() {
    NativeProviders.assertServes();
  }

  @Override
  CipherProvider provider() {
    return CipherProvider.nativeIfAvailable();
  }
}
