package io.lastmile.controlplane.kube;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks of the Kubernetes Pod Security Standards (v1.30, the {@code baseline} and {@code
 * restricted} levels) that apply to a Linux pod template, as the PodSecurity admission plugin makes
 * them: what a namespace labelled {@code pod-security.kubernetes.io/enforce} would refuse.
 */
final class PodSecurity {
  enum Level {
    PRIVILEGED,
    BASELINE,
    RESTRICTED;

    static Level of(Map<String, String> namespaceLabels) {
      String enforce =
          namespaceLabels == null
              ? null
              : namespaceLabels.get("pod-security.kubernetes.io/enforce");
      return enforce == null ? PRIVILEGED : valueOf(enforce.toUpperCase(Locale.ROOT));
    }
  }

  private static final Set<String> BASELINE_CAPABILITIES =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");
  private static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");
  private static final Set<String> RESTRICTED_VOLUMES =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  private PodSecurity() {}

  /** What {@code level} refuses in {@code pod}, one line per violation; empty when admitted. */
  static List<String> violations(PodSpec pod, Level level) {
    List<String> out = new ArrayList<>();
    if (level == Level.PRIVILEGED) {
      return out;
    }
    baseline(pod, out);
    if (level == Level.RESTRICTED) {
      restricted(pod, out);
    }
    return out;
  }

  private static void baseline(PodSpec pod, List<String> out) {
    if (Boolean.TRUE.equals(pod.getHostNetwork())) out.add("hostNetwork");
    if (Boolean.TRUE.equals(pod.getHostPID())) out.add("hostPID");
    if (Boolean.TRUE.equals(pod.getHostIPC())) out.add("hostIPC");
    for (Volume v : volumes(pod)) {
      if (v.getHostPath() != null) out.add("volume " + v.getName() + ": hostPath");
    }
    PodSecurityContext podContext =
        Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
    if (unconfined(podContext.getSeccompProfile())) out.add("pod seccompProfile Unconfined");
    if (podContext.getSeLinuxOptions() != null
        && (podContext.getSeLinuxOptions().getUser() != null
            || podContext.getSeLinuxOptions().getRole() != null)) {
      out.add("pod seLinuxOptions user or role");
    }
    Optional.ofNullable(podContext.getSysctls()).orElse(List.of()).stream()
        .filter(s -> !SAFE_SYSCTLS.contains(s.getName()))
        .forEach(s -> out.add("sysctl " + s.getName()));
    for (Container c : containers(pod)) {
      String name = "container " + c.getName() + ": ";
      SecurityContext sc =
          Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
      if (Boolean.TRUE.equals(sc.getPrivileged())) out.add(name + "privileged");
      added(sc).stream()
          .filter(cap -> !BASELINE_CAPABILITIES.contains(cap))
          .forEach(cap -> out.add(name + "adds capability " + cap));
      Optional.ofNullable(c.getPorts()).orElse(List.of()).stream()
          .filter(p -> p.getHostPort() != null && p.getHostPort() != 0)
          .forEach(p -> out.add(name + "hostPort " + p.getHostPort()));
      if (sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
        out.add(name + "procMount " + sc.getProcMount());
      }
      if (unconfined(sc.getSeccompProfile())) out.add(name + "seccompProfile Unconfined");
      if (sc.getWindowsOptions() != null
          && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
        out.add(name + "hostProcess");
      }
    }
  }

  private static void restricted(PodSpec pod, List<String> out) {
    for (Volume v : volumes(pod)) {
      Map<String, Object> fields =
          io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().convertValue(v, Map.class);
      fields.keySet().stream()
          .filter(k -> !k.equals("name") && !RESTRICTED_VOLUMES.contains(k))
          .filter(k -> !k.equals("hostPath")) // already a baseline violation
          .forEach(k -> out.add("volume " + v.getName() + ": " + k));
    }
    PodSecurityContext podContext =
        Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
    for (Container c : containers(pod)) {
      String name = "container " + c.getName() + ": ";
      SecurityContext sc =
          Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        out.add(name + "allowPrivilegeEscalation not false");
      }
      Boolean nonRoot =
          sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podContext.getRunAsNonRoot();
      if (!Boolean.TRUE.equals(nonRoot)) out.add(name + "runAsNonRoot not true");
      Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : podContext.getRunAsUser();
      if (user != null && user == 0) out.add(name + "runAsUser 0");
      SeccompProfile seccomp =
          sc.getSeccompProfile() != null ? sc.getSeccompProfile() : podContext.getSeccompProfile();
      if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
        out.add(name + "seccompProfile not RuntimeDefault or Localhost");
      }
      List<String> dropped =
          Optional.ofNullable(sc.getCapabilities()).map(Capabilities::getDrop).orElse(List.of());
      if (!dropped.contains("ALL")) out.add(name + "does not drop ALL capabilities");
      added(sc).stream()
          .filter(cap -> !cap.equals("NET_BIND_SERVICE"))
          .forEach(cap -> out.add(name + "adds capability " + cap + " (restricted)"));
    }
  }

  private static boolean unconfined(SeccompProfile profile) {
    return profile != null && "Unconfined".equals(profile.getType());
  }

  private static List<String> added(SecurityContext sc) {
    return Optional.ofNullable(sc.getCapabilities()).map(Capabilities::getAdd).orElse(List.of());
  }

  private static List<Volume> volumes(PodSpec pod) {
    return Optional.ofNullable(pod.getVolumes()).orElse(List.of());
  }

  private static List<Container> containers(PodSpec pod) {
    return Stream.of(pod.getInitContainers(), pod.getContainers())
        .filter(list -> list != null)
        .flatMap(List::stream)
        .toList();
  }
}
