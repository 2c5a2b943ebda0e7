package dev.waflows.operator.api;

import java.util.Set;

/**
 * Every CamelCase reason the operator writes into conditions and per-number status, in one place so
 * users can rely on them ({@code kubectl wait}, alerts) and the code cannot drift.
 */
public final class Reasons {

  // KeyReady
  /** The operator generated the pair and stored it in the key Secret. */
  public static final String GENERATED = "Generated";

  /** The key was read from the key Secret and checked. */
  public static final String LOADED = "Loaded";

  /** The Secret holds no usable RSA-2048 key; the message says why. Nothing was called. */
  public static final String INVALID_KEY = "InvalidKey";

  /** A Secret the spec names does not exist (or lacks the named key). */
  public static final String SECRET_NOT_FOUND = "SecretNotFound";

  /**
   * The key Secret changed more often than the operator decrypts it (a few at once, then one per 30
   * s per Secret); it is read again shortly. Reconciling, not Stalled.
   */
  public static final String KEY_READ_DEFERRED = "KeyReadDeferred";

  // Per number and Registered
  /** Graph holds our key for the number. */
  public static final String REGISTERED = "Registered";

  /** Graph holds no key, or another key, for the number. */
  public static final String NOT_REGISTERED = "NotRegistered";

  /** Graph holds our key but reports its signature as MISMATCH. */
  public static final String MISMATCH = "Mismatch";

  /** An older FlowsEncryptionKey manages this number; this one never registers it. */
  public static final String CONFLICT = "Conflict";

  /** Graph refused the access token (codes 0, 190). */
  public static final String INVALID_TOKEN = "InvalidToken";

  /** The token lacks a permission, or the number is not allow-listed (codes 3, 10, 200-299). */
  public static final String PERMISSION_DENIED = "PermissionDenied";

  /** Graph does not accept this phone number ID, or the key for it (code 100). */
  public static final String INVALID_PHONE_NUMBER = "InvalidPhoneNumber";

  /** Graph rate-limited the operator; it backs off. */
  public static final String RATE_LIMITED = "RateLimited";

  /** Graph could not be reached or failed transiently; the operator retries with backoff. */
  public static final String GRAPH_UNAVAILABLE = "GraphUnavailable";

  /**
   * Graph's key for this number was replaced by another one twice within an hour after ours was
   * registered: the operator stops registering it, so that two installations never flip the key
   * back and forth, until waflows.dev/reconcile-requested-at changes.
   */
  public static final String KEY_CONTESTED = "KeyContested";

  // EndpointReady
  /** The endpoint opened a probe sealed to the current key and answered it correctly. */
  public static final String OPENED = "Opened";

  /** The endpoint answered a probe with HTTP 421: it cannot open what is sealed to the key. */
  public static final String ENDPOINT_CANNOT_DECRYPT = "EndpointCannotDecrypt";

  /** The endpoint answered a probe with HTTP 432: it refused the probe's signature. */
  public static final String ENDPOINT_REJECTED_SIGNATURE = "EndpointRejectedSignature";

  /** The endpoint answered with another status, or an answer that does not open to "active". */
  public static final String ENDPOINT_BAD_RESPONSE = "EndpointBadResponse";

  /** The endpoint could not be reached (connection, TLS, no answer within 10 s); retried. */
  public static final String ENDPOINT_UNREACHABLE = "EndpointUnreachable";

  // Ready and Paused
  /** The key is ready and every number is VALID with it. */
  public static final String READY = "Ready";

  /** The spec cannot be acted on (for example a verifyInterval under 1m). */
  public static final String INVALID_SPEC = "InvalidSpec";

  /**
   * A call to the Kubernetes API failed (for example a missing permission); the operator retries
   * with backoff.
   */
  public static final String KUBERNETES_API_ERROR = "KubernetesApiError";

  /** Nothing has been checked yet. */
  public static final String PENDING = "Pending";

  /** The waflows.dev/paused annotation is "true". */
  public static final String PAUSED = "Paused";

  // Reconciling
  /** A new key was made current and is being registered, or the previous one is still kept. */
  public static final String ROTATING = "Rotating";

  /**
   * A key waits to be registered until the endpoint has opened a probe sealed to it; Ready stays as
   * it was meanwhile.
   */
  public static final String WAITING_FOR_ENDPOINT = "WaitingForEndpoint";

  /**
   * Reasons after which only a person can make progress: they make the Stalled condition True.
   * Verify mode adds NotRegistered and Mismatch (the operator never registers there).
   */
  public static final Set<String> NEED_A_PERSON =
      Set.of(
          INVALID_SPEC,
          INVALID_KEY,
          SECRET_NOT_FOUND,
          INVALID_TOKEN,
          PERMISSION_DENIED,
          INVALID_PHONE_NUMBER,
          CONFLICT,
          KEY_CONTESTED,
          ENDPOINT_CANNOT_DECRYPT,
          ENDPOINT_REJECTED_SIGNATURE,
          ENDPOINT_BAD_RESPONSE);

  private Reasons() {}
}
