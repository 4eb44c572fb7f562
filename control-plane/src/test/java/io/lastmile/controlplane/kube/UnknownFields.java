package io.lastmile.controlplane.kube;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fabric8 models keep fields they do not know in {@code additionalProperties} instead of failing;
 * this finds them, so a misspelt or misplaced manifest field is an error with its path.
 */
final class UnknownFields {
  private UnknownFields() {}

  /** Paths such as {@code spec.template.spec.containers[0].readinesProbe}; empty when none. */
  static List<String> in(Object model) {
    List<String> found = new ArrayList<>();
    walk(model, "", found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, found));
      return;
    }
    if (value == null || !isModel(value.getClass().getName())) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class
          || getter.getDeclaringClass().isInterface()) {
        continue;
      }
      Object child = invoke(getter, value);
      String name = path.isEmpty() ? field(getter) : path + "." + field(getter);
      if (getter.getName().equals("getAdditionalProperties")
          && !(value instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource)) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> found.add(path.isEmpty() ? "" + k : path + "." + k));
        }
      } else {
        walk(child, name, found);
      }
    }
  }

  /** Kubernetes' own models and the Prometheus Operator's (ServiceMonitor, PrometheusRule). */
  private static boolean isModel(String className) {
    return className.startsWith("io.fabric8.kubernetes.api")
        || className.startsWith("io.fabric8.openshift.api.model.monitoring");
  }

  private static String field(Method getter) {
    String n = getter.getName().substring(3);
    return Character.toLowerCase(n.charAt(0)) + n.substring(1);
  }

  private static Object invoke(Method getter, Object on) {
    try {
      return getter.invoke(on);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }
}
