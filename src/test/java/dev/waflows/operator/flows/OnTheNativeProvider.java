package dev.waflows.operator.flows;

import org.junit.jupiter.api.BeforeAll;

/** A test class that runs on the native provider: fails where it should load and does not. */
interface OnTheNativeProvider {

  @BeforeAll
  static void theNativeProviderServesHere() {
    NativeProviders.assertServes();
  }
}
