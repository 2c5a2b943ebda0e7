package dev.waflows.operator.watch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads watch events and list answers with a streaming parser that looks only at {@code type},
 * {@code object.metadata.namespace/name/resourceVersion} and an error's {@code object.code}. Every
 * other value is skipped unread, so a server that ignores the metadata-only Accept header and sends
 * whole Secrets (data included) still yields nothing but names. Pure.
 */
public final class MetadataEventParser {

  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private MetadataEventParser() {}

  /**
   * One watch event, as the API server sends it per line or per WebSocket message.
   *
   * @throws MalformedWatchMessageException when the message is not a watch event
   */
  public static MetadataEvent event(String message) {
    try (JsonParser p = JSON.createParser(message)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
      String type = null;
      Fields object = new Fields();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("type") && value == JsonToken.VALUE_STRING) {
          type = p.getText();
        } else if (field.equals("object") && value == JsonToken.START_OBJECT) {
          readObject(p, object);
        } else {
          p.skipChildren();
        }
      }
      expect(type != null, "no event type");
      MetadataEvent.Type t = type(type);
      if (t == MetadataEvent.Type.ERROR) {
        return new MetadataEvent(t, null, null, null, object.code);
      }
      expect(object.resourceVersion != null, "no resourceVersion in a " + t + " event");
      if (t == MetadataEvent.Type.BOOKMARK) {
        return new MetadataEvent(t, null, null, object.resourceVersion, 0);
      }
      expect(object.name != null, "no name in a " + t + " event");
      return new MetadataEvent(t, object.namespace, object.name, object.resourceVersion, 0);
    } catch (IOException e) {
      throw unreadable(e);
    }
  }

  /**
   * The {@code metadata.resourceVersion} of a list answer, read without reading its items.
   *
   * @throws MalformedWatchMessageException when the answer is not a list with a resourceVersion
   */
  public static String listResourceVersion(InputStream body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
      Fields list = new Fields();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        if (p.nextToken() == JsonToken.START_OBJECT && field.equals("metadata")) {
          readMetadata(p, list);
        } else {
          p.skipChildren();
        }
      }
      expect(list.resourceVersion != null, "no resourceVersion in the list");
      return list.resourceVersion;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw unreadable(e);
    }
  }

  /** The fields this parser reads; everything else of an object is never looked at. */
  private static final class Fields {
    String namespace;
    String name;
    String resourceVersion;
    int code;
  }

  private static void readObject(JsonParser p, Fields into) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
        readMetadata(p, into);
      } else if (field.equals("code") && value == JsonToken.VALUE_NUMBER_INT) {
        into.code = p.getIntValue();
      } else {
        p.skipChildren();
      }
    }
  }

  private static void readMetadata(JsonParser p, Fields into) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (value != JsonToken.VALUE_STRING) {
        p.skipChildren();
        continue;
      }
      switch (field) {
        case "namespace" -> into.namespace = p.getText();
        case "name" -> into.name = p.getText();
        case "resourceVersion" -> into.resourceVersion = p.getText();
        default -> {
          // labels, annotations and the rest stay unread
        }
      }
    }
  }

  private static MetadataEvent.Type type(String type) {
    try {
      return MetadataEvent.Type.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MalformedWatchMessageException("unknown event type");
    }
  }

  private static void expect(boolean condition, String reason) {
    if (!condition) {
      throw new MalformedWatchMessageException(reason);
    }
  }

  /** Jackson's messages quote the offending text, which may be a Secret's data: keep only where. */
  private static MalformedWatchMessageException unreadable(IOException e) {
    long at = -1;
    if (e instanceof com.fasterxml.jackson.core.JacksonException j && j.getLocation() != null) {
      at = j.getLocation().getCharOffset();
    }
    return new MalformedWatchMessageException("not valid JSON (stopped at character " + at + ")");
  }
}
