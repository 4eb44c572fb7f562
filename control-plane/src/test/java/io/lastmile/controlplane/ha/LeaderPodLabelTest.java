package io.lastmile.controlplane.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lastmile.controlplane.kube.RbacCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The leader's pod label against a Kubernetes API server (Fabric8's, in CRUD mode), seen through
 * the selectors of the Services the project ships.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderPodLabelTest {
  static final Path SERVICES = Path.of("..", "k8s", "base", "control-plane", "services.yaml");
  private static final String NS = "lastmile";

  KubernetesMockServer server;
  KubernetesClient client;

  private void pod(String name, boolean labelled) {
    pod(client, name, labelled);
  }

  static void pod(KubernetesClient client, String name, boolean labelled) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .addToLabels("app.kubernetes.io/name", "lastmile-control-plane")
            .endMetadata();
    if (labelled) {
      pod.editMetadata().addToLabels(LeaderPodLabel.KEY, "true").endMetadata();
    }
    client.pods().inNamespace(NS).resource(pod.build()).create();
  }

  private List<String> endpoints(String service) throws Exception {
    return endpoints(client, service);
  }

  /** The pods the shipped Service {@code service} sends traffic to. */
  static List<String> endpoints(KubernetesClient client, String service) throws Exception {
    Map<String, String> selector =
        ((List<?>) Serialization.unmarshal(Files.readString(SERVICES)))
            .stream()
                .map(HasMetadata.class::cast)
                .filter(o -> o.getMetadata().getName().equals(service))
                .map(o -> ((Service) o).getSpec().getSelector())
                .findFirst()
                .orElseThrow();
    return client.pods().inNamespace(NS).withLabels(selector).list().getItems().stream()
        .map(Pod::getMetadata)
        .map(m -> m.getName())
        .toList();
  }

  private void forgetRequestsSoFar() throws InterruptedException {
    while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // the test's own set-up, not the control plane's calls
    }
  }

  @Test
  void theLeaderLabelsItsPodAndTakesTheLabelOffAStaleLeader() throws Exception {
    pod("cp-a", false);
    pod("cp-b", true); // a deposed leader that could not unlabel itself
    assertThat(endpoints("lastmile-grpc")).containsExactly("cp-b");
    forgetRequestsSoFar();

    new LeaderPodLabel(client, NS, "cp-a").lead();

    assertThat(endpoints("lastmile-grpc")).containsExactly("cp-a");
    assertThat(endpoints("lastmile-http")).containsExactly("cp-a");
    assertThat(RbacCheck.assertRoleAllows(server, null)).isNotEmpty();
  }

  @Test
  void aStepDownTakesTheLabelOff() throws Exception {
    pod("cp-a", true);
    new LeaderPodLabel(client, NS, "cp-a").stepDown();
    assertThat(endpoints("lastmile-grpc")).isEmpty();
  }

  @Test
  void anIdentityThatIsNoPodNameSaysWhichSettingToFix() {
    assertThatThrownBy(() -> new LeaderPodLabel(client, NS, "not-a-pod").lead())
        .hasMessageContaining("no pod not-a-pod in namespace lastmile")
        .hasMessageContaining("lastmile.leader-election.identity")
        .hasMessageContaining("lastmile.leader-election.label-pod=false");
  }
}
