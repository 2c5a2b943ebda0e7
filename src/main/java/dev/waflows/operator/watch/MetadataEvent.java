package dev.waflows.operator.watch;

/**
 * One watch event reduced to what a metadata-only watch needs: the object's identity and the
 * resourceVersion to resume from. Never anything else of the object.
 *
 * @param type the watch event type
 * @param namespace the object's namespace; null for a bookmark, an error or a cluster object
 * @param name the object's name; null for a bookmark or an error
 * @param resourceVersion where a watch resumes after this event; null for an error
 * @param code the HTTP-like status code of an {@link Type#ERROR} event (410 when the
 *     resourceVersion is too old), 0 otherwise
 */
public record MetadataEvent(
    Type type, String namespace, String name, String resourceVersion, int code) {

  /** The watch event types the Kubernetes API sends. */
  public enum Type {
    ADDED,
    MODIFIED,
    DELETED,
    BOOKMARK,
    ERROR
  }

  /** Whether the event says an object was added, changed or deleted. */
  public boolean isChange() {
    return type == Type.ADDED || type == Type.MODIFIED || type == Type.DELETED;
  }

  /** Whether the watch must start again from a fresh list (the server forgot our version). */
  public boolean isExpired() {
    return type == Type.ERROR && code == 410;
  }
}
