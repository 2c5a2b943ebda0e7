/**
 * Key material only: turns a key Secret's data into a checked RSA key pair, and a new pair into
 * Secret data. No Kubernetes client and no HTTP in here, so that every rule about keys can be
 * tested on its own.
 *
 * <p>Entry points: {@link dev.waflows.operator.keys.KeySecretReader} (Secret data to {@link
 * dev.waflows.operator.keys.LoadedKey}, or an {@link dev.waflows.operator.keys.InvalidKeyException}
 * saying what is wrong), {@link dev.waflows.operator.keys.RsaKeyGenerator} with {@link
 * dev.waflows.operator.keys.KeySecretWriter} (a new pair to Secret data), and {@link
 * dev.waflows.operator.keys.PublicKeys} (compare the key Graph stores with ours).
 *
 * <p>Nothing here puts a private key or a passphrase into a {@code toString()}, an exception
 * message or a log line.
 */
package dev.waflows.operator.keys;
