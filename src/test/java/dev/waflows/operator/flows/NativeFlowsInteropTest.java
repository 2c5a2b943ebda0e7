package dev.waflows.operator.flows;

/**
 * {@link FlowsInteropTest}'s exchanges with openssl and Node with the native provider the proxy
 * uses where it loads.
 */
class NativeFlowsInteropTest extends FlowsInteropTest implements OnTheNativeProvider {

  @Override
  CipherProvider provider() {
    return CipherProvider.nativeIfAvailable();
  }
}
