package dev.waflows.operator.watch;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Every String that an object of this project holds, following fields into other objects of this
 * project (not into JDK or library objects): what a watch keeps between events.
 */
final class RetainedStrings {

  private RetainedStrings() {}

  static List<String> of(Object root) throws IllegalAccessException {
    List<String> out = new ArrayList<>();
    walk(root, Collections.newSetFromMap(new IdentityHashMap<>()), out);
    return out;
  }

  private static void walk(Object o, Set<Object> seen, List<String> out)
      throws IllegalAccessException {
    if (o == null || !seen.add(o)) {
      return;
    }
    if (o instanceof String s) {
      out.add(s);
      return;
    }
    if (!o.getClass().getName().startsWith("dev.waflows.")) {
      return;
    }
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        f.setAccessible(true);
        walk(f.get(o), seen, out);
      }
    }
  }
}
