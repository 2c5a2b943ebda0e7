package dev.waflows.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every field of the status types is copied, compared and stored: each is set by reflection to a
 * value of its own, so a field added later is covered without editing this test, and one left out
 * of the copy, the equality or the JSON fails here.
 */
class StatusRoundTripTest {

  @Test
  void aStatusCopyHasEveryFieldAndSharesNoList() throws Exception {
    FlowsEncryptionKeyStatus original = filled(FlowsEncryptionKeyStatus.class, 1);
    assertEveryFieldSurvives(original, FlowsEncryptionKeyStatus::copy);

    FlowsEncryptionKeyStatus copy = original.copy();
    copy.getPhoneNumbers().get(0).setReason("changed in the copy");
    copy.getConditions().add(new Condition());
    assertThat(original).isEqualTo(filled(FlowsEncryptionKeyStatus.class, 1));
  }

  @Test
  void aPhoneNumberStatusCopyHasEveryField() throws Exception {
    assertEveryFieldSurvives(filled(PhoneNumberStatus.class, 1), PhoneNumberStatus::copy);
  }

  @Test
  void everyFieldTakesPartInEquality() throws Exception {
    for (Class<?> type : List.of(FlowsEncryptionKeyStatus.class, PhoneNumberStatus.class)) {
      for (Field f : fields(type)) {
        Object one = filled(type, 1);
        Object other = filled(type, 1);
        assertThat(other).isEqualTo(one).hasSameHashCodeAs(one);
        f.set(other, value(f, 2));
        assertThat(other).as("%s.%s changed", type.getSimpleName(), f.getName()).isNotEqualTo(one);
      }
    }
  }

  @Test
  void everyFieldSurvivesJson() throws Exception {
    assertEveryFieldSurvives(
        filled(FlowsEncryptionKeyStatus.class, 1),
        s -> Serialization.unmarshal(Serialization.asJson(s), FlowsEncryptionKeyStatus.class));
  }

  @Test
  void aNewStatusHasEmptyListsNotNull() {
    assertThat(new FlowsEncryptionKeyStatus().getPhoneNumbers()).isEmpty();
    assertThat(new FlowsEncryptionKeyStatus().getConditions()).isEmpty();
    assertThat(FlowsEncryptionKeyStatus.builder().build().getPhoneNumbers()).isEmpty();
  }

  private static <T> void assertEveryFieldSurvives(T original, UnaryOperator<T> copy)
      throws Exception {
    T copied = copy.apply(original);
    assertThat(copied).isNotSameAs(original).isEqualTo(original);
    for (Field f : fields(original.getClass())) {
      assertThat(f.get(copied)).as(f.getName()).isNotNull().isEqualTo(f.get(original));
    }
  }

  /** An instance whose every field holds a value derived from its name and {@code seed}. */
  private static <T> T filled(Class<T> type, int seed) throws Exception {
    T instance = type.getDeclaredConstructor().newInstance();
    for (Field f : fields(type)) {
      f.set(instance, value(f, seed));
    }
    return instance;
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> all = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
        f.setAccessible(true);
        all.add(f);
      }
    }
    assertThat(all).isNotEmpty();
    return all;
  }

  private static Object value(Field f, int seed) throws Exception {
    Class<?> t = f.getType();
    if (t == String.class) {
      return f.getName() + "-" + seed;
    }
    if (t == Long.class) {
      return (long) (f.getName().hashCode() + seed);
    }
    if (t == Boolean.class) {
      return seed % 2 == 1;
    }
    if (t.isEnum()) {
      Object[] constants = t.getEnumConstants();
      return constants[seed % constants.length];
    }
    if (t == List.class) {
      Class<?> element =
          (Class<?>) ((ParameterizedType) f.getGenericType()).getActualTypeArguments()[0];
      List<Object> list = new ArrayList<>();
      list.add(element == Condition.class ? condition(seed) : filled(element, seed));
      return list;
    }
    throw new AssertionError(
        "no test value for " + f.getName() + " of type " + t + ": teach value() the type");
  }

  private static Condition condition(int seed) {
    Condition c = new Condition();
    c.setType(Conditions.READY);
    c.setStatus(Conditions.TRUE);
    c.setReason("Reason" + seed);
    c.setMessage("message " + seed);
    c.setLastTransitionTime("2026-01-0" + seed + "T00:00:00Z");
    c.setObservedGeneration((long) seed);
    return c;
  }
}
