package dev.waflows.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.api.Reasons;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Graph failures become status reasons by name, so each must be a documented reason. */
class GraphErrorReasonTest {

  @Test
  void everyGraphErrorReasonIsAStatusReason() {
    Set<Object> statusReasons =
        Arrays.stream(Reasons.class.getDeclaredFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
            .map(GraphErrorReasonTest::value)
            .collect(Collectors.toSet());

    assertThat(statusReasons).as("read from Reasons").hasSizeGreaterThan(5);
    assertThat(GraphErrorReason.values())
        .extracting(GraphErrorReason::name)
        .allSatisfy(name -> assertThat(statusReasons).contains(name));
  }

  private static Object value(Field field) {
    try {
      return field.get(null);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
