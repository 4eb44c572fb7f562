package io.lastmile.controlplane.kube;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The probes of the control plane's Deployment ask endpoints the application serves. */
@QuarkusTest
class ProbePathsTest {
  static final Path DEPLOYMENT = Path.of("..", "k8s", "base", "control-plane", "deployment.yaml");

  @Test
  void everyProbePathIsServedAndStartedAndLiveAreUp() throws Exception {
    Deployment deployment = Serialization.unmarshal(Files.readString(DEPLOYMENT), Deployment.class);
    Container c = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()))
        .extracting(p -> p.getHttpGet().getPath())
        .containsExactlyElementsOf(ManifestsTest.PROBE_PATHS)
        .allSatisfy(
            path ->
                assertThat(given().get(path).statusCode())
                    .as("GET %s", path)
                    // Ready may be 503 (a follower, or no agents); the path must exist.
                    .isIn(200, 503));
    given().get(c.getLivenessProbe().getHttpGet().getPath()).then().statusCode(200);
    given().get(c.getStartupProbe().getHttpGet().getPath()).then().statusCode(200);
  }
}
