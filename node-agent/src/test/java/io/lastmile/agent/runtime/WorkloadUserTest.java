package io.lastmile.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadUserTest {
  private static final Map<String, WorkloadUser> PASSWD =
      Map.of(
          "lastmile-workload", new WorkloadUser("lastmile-workload", 998, 997),
          "root", new WorkloadUser("root", 0, 0));

  private static Optional<WorkloadUser> find(String name) {
    return Optional.ofNullable(PASSWD.get(name));
  }

  @Test
  void rootAgentSwitchesToTheConfiguredUser() {
    assertThat(WorkloadUser.choose(0, "lastmile-workload", false, WorkloadUserTest::find))
        .isEqualTo(new WorkloadUser("lastmile-workload", 998, 997));
  }

  @Test
  void unprivilegedAgentRunsWorkloadsAsItself() {
    assertThat(WorkloadUser.choose(1000, "lastmile-workload", false, WorkloadUserTest::find))
        .isEqualTo(WorkloadUser.AGENT);
  }

  @Test
  void rootAgentWithoutTheUserRefusesToStartSayingWhatToSet() {
    assertThatThrownBy(() -> WorkloadUser.choose(0, "ghost", false, WorkloadUserTest::find))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lastmile.agent.workload.user=ghost names no user on this host")
        .hasMessageContaining("useradd")
        .hasMessageContaining("lastmile.agent.workload.allow-root=true");
  }

  @Test
  void rootAgentRefusesAWorkloadUserThatIsRoot() {
    assertThatThrownBy(() -> WorkloadUser.choose(0, "root", false, WorkloadUserTest::find))
        .hasMessageContaining("lastmile.agent.workload.user=root is root (uid 0)");
  }

  @Test
  void rootMayRunWorkloadsOnlyWhenExplicitlyAllowed() {
    assertThat(WorkloadUser.choose(0, "ghost", true, WorkloadUserTest::find))
        .isEqualTo(WorkloadUser.AGENT);
  }

  @Test
  void readsAPasswdLine() {
    assertThat(WorkloadUser.parse("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"))
        .contains(new WorkloadUser("nobody", 65534, 65534));
    assertThat(WorkloadUser.parse("garbage")).isEmpty();
  }
}
