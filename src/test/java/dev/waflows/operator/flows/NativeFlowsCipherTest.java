package dev.waflows.operator.flows;

/** {@link FlowsCipherTest}'s vectors with the native provider the proxy uses where it loads. */
class NativeFlowsCipherTest extends FlowsCipherTest implements OnTheNativeProvider {

  @Override
  CipherProvider provider() {
    return CipherProvider.nativeIfAvailable();
  }
}
