package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Checks the requests a Kubernetes test server received against the control plane's Role: each
 * (verb, group, resource) must be allowed, and each rule's (verb, group, resource) must have been
 * used, apart from the Lease and pod rules, which leader election and the leader's pod label use
 * (tested with them: LeaderPodLabelTest).
 */
public final class RbacCheck {
  static final Path ROLE = Path.of("..", "k8s", "base", "control-plane", "role.yaml");
  private static final Set<Permission> USED_BY_LEADER_ELECTION =
      Set.of(
          new Permission("get", "coordination.k8s.io", "leases"),
          new Permission("create", "coordination.k8s.io", "leases"),
          new Permission("update", "coordination.k8s.io", "leases"),
          new Permission("get", "", "pods"),
          new Permission("list", "", "pods"),
          new Permission("patch", "", "pods"));

  private RbacCheck() {}

  /** One thing a Role rule allows. */
  public record Permission(String verb, String group, String resource)
      implements Comparable<Permission> {
    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }
  }

  static void assertRoleCovers(KubernetesMockServer server, String ignoredHeader)
      throws IOException, InterruptedException {
    Set<Permission> allowed = allowed();
    Set<Permission> used = assertRoleAllows(server, ignoredHeader);
    Set<Permission> unused = new TreeSet<>(allowed);
    unused.removeAll(used);
    unused.removeAll(USED_BY_LEADER_ELECTION);
    assertThat(unused).as("rules of %s that no request needed", ROLE).isEmpty();
  }

  /**
   * Checks that the Role allows every request {@code server} received so far, apart from those
   * carrying {@code ignoredHeader} (the test's own), and returns what they needed.
   */
  public static Set<Permission> assertRoleAllows(KubernetesMockServer server, String ignoredHeader)
      throws IOException, InterruptedException {
    Set<Permission> used = new TreeSet<>();
    RecordedRequest request;
    while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (ignoredHeader == null || request.getHeader(ignoredHeader) == null) {
        used.add(permission(request.getMethod(), request.getPath()));
      }
    }
    assertThat(allowed()).as("the Role in %s allows every request made", ROLE).containsAll(used);
    return used;
  }

  /**
   * Checks that the Roles and ClusterRoles in {@code files} allow every request {@code server}
   * received so far, and returns what they needed.
   */
  public static Set<Permission> assertAllowedBy(KubernetesMockServer server, Path... files)
      throws IOException, InterruptedException {
    Set<Permission> allowed = new HashSet<>();
    for (Path file : files) {
      for (Object o : (List<?>) Serialization.unmarshal(Files.readString(file))) {
        if (o instanceof Role r) {
          allowed.addAll(permissions(r.getRules()));
        } else if (o instanceof ClusterRole r) {
          allowed.addAll(permissions(r.getRules()));
        }
      }
    }
    Set<Permission> used = new TreeSet<>();
    RecordedRequest request;
    while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      used.add(permission(request.getMethod(), request.getPath()));
    }
    assertThat(allowed)
        .as("the rules in %s allow every request made", List.of(files))
        .containsAll(used);
    return used;
  }

  private static Set<Permission> allowed() throws IOException {
    return permissions(Serialization.unmarshal(Files.readString(ROLE), Role.class).getRules());
  }

  private static Set<Permission> permissions(List<PolicyRule> rules) {
    Set<Permission> out = new HashSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            out.add(new Permission(verb, group, resource));
          }
        }
      }
    }
    return out;
  }

  /**
   * The RBAC view of a request: {@code /api/v1/namespaces/ns/events} is ("create", "", "events")
   * for a POST; {@code /apis/lastmile.io/v1/namespaces/ns/edgenodes/n/status} is ("patch",
   * "lastmile.io", "edgenodes/status") for a PATCH.
   */
  static Permission permission(String method, String pathAndQuery) {
    String path = pathAndQuery.split("\\?", 2)[0];
    boolean watch = pathAndQuery.contains("watch=true");
    String[] parts = path.substring(1).split("/");
    int at;
    String group;
    if (parts[0].equals("api")) {
      group = "";
      at = 2;
    } else {
      group = parts[1];
      at = 3;
    }
    if (parts.length > at && parts[at].equals("namespaces") && parts.length > at + 2) {
      at += 2;
    }
    String resource = parts[at];
    boolean named = parts.length > at + 1;
    if (parts.length > at + 2) {
      resource += "/" + parts[at + 2];
    }
    String verb =
        switch (method) {
          case "GET" -> watch ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> throw new IllegalArgumentException("unexpected method " + method);
        };
    return new Permission(verb, group, resource);
  }
}
