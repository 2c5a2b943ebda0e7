package dev.waflows.operator.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waflows.operator.watch.MetadataEvent.Type;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetadataEventParserTest {

  static final String MARKER = "EAAGsecretMARKER42";
  static final String MARKER_B64 =
      Base64.getEncoder().encodeToString(MARKER.getBytes(StandardCharsets.UTF_8));

  /** A watch event the way a server that ignores the Accept header sends it: data included. */
  static String fullSecretEvent(String type, String ns, String name, String rv) {
    return "{\"type\":\""
        + type
        + "\",\"object\":{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"data\":{\"token\":\""
        + MARKER_B64
        + "\"},\"stringData\":{\"token\":\""
        + MARKER
        + "\"},\"metadata\":{\"annotations\":{\"last-applied\":\""
        + MARKER
        + "\"},\"name\":\""
        + name
        + "\",\"namespace\":\""
        + ns
        + "\",\"resourceVersion\":\""
        + rv
        + "\",\"labels\":{\"a\":\"b\"},\"managedFields\":[{\"x\":[1,{\"y\":null}]}]},"
        + "\"type\":\"Opaque\"}}";
  }

  static String metadataEvent(String type, String ns, String name, String rv) {
    return "{\"type\":\""
        + type
        + "\",\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\","
        + "\"metadata\":{\"name\":\""
        + name
        + "\",\"namespace\":\""
        + ns
        + "\",\"uid\":\"u-1\",\"resourceVersion\":\""
        + rv
        + "\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"}}}";
  }

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of(
            "metadata-only ADDED",
            metadataEvent("ADDED", "shop", "token", "101"),
            new MetadataEvent(Type.ADDED, "shop", "token", "101", 0)),
        Arguments.of(
            "metadata-only MODIFIED",
            metadataEvent("MODIFIED", "shop", "token", "102"),
            new MetadataEvent(Type.MODIFIED, "shop", "token", "102", 0)),
        Arguments.of(
            "DELETED",
            metadataEvent("DELETED", "shop", "token", "103"),
            new MetadataEvent(Type.DELETED, "shop", "token", "103", 0)),
        Arguments.of(
            "whole Secret with data: names only",
            fullSecretEvent("MODIFIED", "shop", "token", "104"),
            new MetadataEvent(Type.MODIFIED, "shop", "token", "104", 0)),
        Arguments.of(
            "object before type",
            "{\"object\":{\"metadata\":{\"resourceVersion\":\"7\",\"name\":\"n\",\"namespace\":\"x\"}},"
                + "\"type\":\"ADDED\"}",
            new MetadataEvent(Type.ADDED, "x", "n", "7", 0)),
        Arguments.of(
            "bookmark",
            "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"PartialObjectMetadata\","
                + "\"metadata\":{\"resourceVersion\":\"555\",\"creationTimestamp\":null}}}",
            new MetadataEvent(Type.BOOKMARK, null, null, "555", 0)),
        Arguments.of(
            "410 Gone",
            "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version:"
                + " 1 (2)\",\"reason\":\"Expired\",\"code\":410}}",
            new MetadataEvent(Type.ERROR, null, null, null, 410)),
        Arguments.of(
            "other error",
            "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":500}}",
            new MetadataEvent(Type.ERROR, null, null, null, 500)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void readsOnlyIdentityAndVersion(String name, String message, MetadataEvent expected) {
    MetadataEvent event = MetadataEventParser.event(message);
    assertThat(event).isEqualTo(expected);
    assertThat(event.toString()).doesNotContain(MARKER).doesNotContain(MARKER_B64);
  }

  @Test
  void expiredOnlyFor410AndChangeOnlyForObjectEvents() {
    assertThat(new MetadataEvent(Type.ERROR, null, null, null, 410).isExpired()).isTrue();
    assertThat(new MetadataEvent(Type.ERROR, null, null, null, 500).isExpired()).isFalse();
    assertThat(new MetadataEvent(Type.BOOKMARK, null, null, "1", 0).isChange()).isFalse();
    assertThat(new MetadataEvent(Type.DELETED, "a", "b", "1", 0).isChange()).isTrue();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("not JSON, data in it", "{\"type\":\"ADDED\",\"object\":" + MARKER + "}"),
        Arguments.of(
            "cut off inside data", fullSecretEvent("ADDED", "a", "b", "1").substring(0, 90)),
        Arguments.of("array", "[\"" + MARKER + "\"]"),
        Arguments.of("no type", "{\"object\":{\"metadata\":{\"name\":\"" + MARKER + "\"}}}"),
        Arguments.of("unknown type", "{\"type\":\"" + MARKER + "\",\"object\":{}}"),
        Arguments.of(
            "no name",
            "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"resourceVersion\":\"1\"}}}"),
        Arguments.of(
            "no version", "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesWhatIsNotAWatchEventWithoutQuotingIt(String name, String message) {
    assertThatThrownBy(() -> MetadataEventParser.event(message))
        .isInstanceOf(MalformedWatchMessageException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain(MARKER)
                    .doesNotContain(MARKER_B64.substring(0, 12)));
  }

  @Test
  void listVersionIsReadWithoutTheItems() throws Exception {
    String list =
        "{\"kind\":\"SecretList\",\"apiVersion\":\"v1\",\"items\":["
            + fullSecretEvent("ADDED", "a", "b", "1")
                .replaceFirst("^\\{\"type\":\"ADDED\",\"object\":", "")
                .replaceFirst("}$", "")
            + "],\"metadata\":{\"resourceVersion\":\"4242\",\"continue\":\"abc\"}}";
    assertThat(
            MetadataEventParser.listResourceVersion(
                new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("4242");
  }

  @Test
  void aListWithoutVersionIsRefused() {
    assertThatThrownBy(
            () ->
                MetadataEventParser.listResourceVersion(
                    new ByteArrayInputStream(
                        "{\"kind\":\"Status\",\"code\":403}".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(MalformedWatchMessageException.class);
  }
}
