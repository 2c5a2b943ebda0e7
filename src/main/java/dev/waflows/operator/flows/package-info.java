/**
 * The wire format of a WhatsApp Flows data endpoint: the encrypted request body, RSA-OAEP and
 * AES-128-GCM as Meta's clients use them, the answer sealed with the flipped IV, the {@code
 * X-Hub-Signature-256} check and the {@code ping} health check. Pure Java (the JDK's own crypto
 * providers); no Kubernetes, no HTTP.
 *
 * <p>Used from both ends: the proxy opens requests and seals answers ({@link
 * dev.waflows.operator.flows.FlowsCipher#open}, {@link
 * dev.waflows.operator.flows.FlowsCipher#sealResponse}); the endpoint probe seals a request as a
 * WhatsApp client does and opens the answer ({@link dev.waflows.operator.flows.FlowsCipher#seal},
 * {@link dev.waflows.operator.flows.FlowsCipher#openResponse}).
 *
 * <p>Nothing here puts an AES key, an IV, a plaintext or an app secret into a {@code toString()} or
 * an exception message.
 */
package dev.waflows.operator.flows;
