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
          CONFLICT);

  private Reasons() {}
}
