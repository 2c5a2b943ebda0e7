/**
 * A local fake of Meta's Graph API {@code whatsapp_business_encryption} endpoint, for the
 * operator's tests (with failure switches) and as a standalone server for demos and benchmarks.
 *
 * <p>It lives in test scope on purpose: it is a development aid and must never ship in the
 * operator's jar. Entry points: {@link dev.waflows.sandbox.GraphSandbox} (programmatic, for tests)
 * and {@link dev.waflows.sandbox.GraphSandboxMain} (command line).
 */
package dev.waflows.sandbox;
