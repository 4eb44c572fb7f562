package io.lastmile.controlplane.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lastmile.controlplane.auth.PodIdentities;
import io.lastmile.controlplane.domain.DependencyUnavailableException;
import io.lastmile.controlplane.domain.PermissionDeniedException;
import io.lastmile.controlplane.domain.UnauthenticatedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ServiceAccount tokens checked against a Kubernetes API server (Fabric8's, CRUD mode for pods)
 * that answers TokenReview as the API server does: from what it knows of each token.
 */
@EnableKubernetesMockClient(crud = true)
class TokenReviewPodIdentitiesTest {
  static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
  static final String AGENTS = "lastmile-agents";
  static final String AGENT = "system:serviceaccount:lastmile-agents:lastmile-agent";
  static final String NODE = "ip-10-0-1-23.eu-central-1.compute.internal";

  KubernetesMockServer server;
  KubernetesClient client;

  /** What the API server knows of each token it issued. */
  private final Map<String, TokenReviewStatus> issued = new ConcurrentHashMap<>();

  private PodIdentities pods;

  @BeforeEach
  void answerTokenReviews() {
    answerTokenReviews(server, issued);
    pods = new TokenReviewPodIdentities(client, "lastmile-agents:lastmile-agent", "lastmile");
  }

  /** Makes {@code server} answer TokenReviews from {@code issued}; unknown tokens fail. */
  static void answerTokenReviews(
      KubernetesMockServer server, Map<String, TokenReviewStatus> issued) {
    server
        .expect()
        .post()
        .withPath(TOKEN_REVIEWS)
        .andReply(
            201,
            request -> {
              TokenReview review =
                  Serialization.unmarshal(request.getBody().readUtf8(), TokenReview.class);
              TokenReviewStatus known = issued.get(review.getSpec().getToken());
              boolean forAudience =
                  known != null
                      && known.getAudiences().containsAll(review.getSpec().getAudiences());
              review.setStatus(
                  forAudience
                      ? known
                      : new TokenReviewStatusBuilder()
                          .withAuthenticated(false)
                          .withError("[invalid bearer token, token audiences are invalid]")
                          .build());
              return review;
            })
        .always();
  }

  /** A bound token as the API server describes it; {@code node} null before Kubernetes 1.30. */
  static TokenReviewStatus bound(String user, String pod, String uid, String node) {
    TokenReviewStatusBuilder status =
        new TokenReviewStatusBuilder()
            .withAuthenticated(true)
            .withAudiences("lastmile")
            .withNewUser()
            .withUsername(user)
            .addToExtra(TokenReviewPodIdentities.POD_NAME, List.of(pod))
            .addToExtra(TokenReviewPodIdentities.POD_UID, List.of(uid))
            .endUser();
    if (node != null) {
      status.editUser().addToExtra(TokenReviewPodIdentities.NODE_NAME, List.of(node)).endUser();
    }
    return status.build();
  }

  /** Creates a pod on {@code node}; returns the uid the API server gave it. */
  private String pod(String name, String node) {
    return client
        .pods()
        .inNamespace(AGENTS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(AGENTS)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .endSpec()
                .build())
        .create()
        .getMetadata()
        .getUid();
  }

  @Test
  void theTokensNodeClaimNamesTheNode() {
    issued.put("t-1", bound(AGENT, "lastmile-agent-x7k2p", "uid-1", NODE));
    assertThat(pods.verify("t-1"))
        .isEqualTo(new PodIdentities.Pod(AGENTS, "lastmile-agent-x7k2p", NODE));
  }

  @Test
  void withoutANodeClaimThePodsNodeIsRead() throws Exception {
    String uid = pod("lastmile-agent-x7k2p", NODE);
    issued.put("t-1", bound(AGENT, "lastmile-agent-x7k2p", uid, null));
    assertThat(pods.verify("t-1").nodeName()).isEqualTo(NODE);

    // A token of a pod that was deleted and made again under the same name speaks for nothing.
    issued.put("t-old", bound(AGENT, "lastmile-agent-x7k2p", "uid-of-the-old-pod", null));
    assertThatThrownBy(() -> pods.verify("t-old"))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("lastmile-agents/lastmile-agent-x7k2p")
        .hasMessageContaining("no longer exists");
    issued.put("t-gone", bound(AGENT, "lastmile-agent-gone", "uid-2", null));
    assertThatThrownBy(() -> pods.verify("t-gone")).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void onlyTheAgentsBoundTokensForTheAudienceEnrol() {
    assertThatThrownBy(() -> pods.verify("forged"))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("did not accept the ServiceAccount token")
        .hasMessageContaining("invalid bearer token")
        .hasMessageContaining("audience lastmile");

    TokenReviewStatus otherAudience = bound(AGENT, "p", "u", NODE);
    otherAudience.setAudiences(List.of("https://kubernetes.default.svc"));
    issued.put("t-api", otherAudience);
    assertThatThrownBy(() -> pods.verify("t-api")).isInstanceOf(UnauthenticatedException.class);

    issued.put("t-other", bound("system:serviceaccount:default:default", "web-1", "uid-3", NODE));
    assertThatThrownBy(() -> pods.verify("t-other"))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("system:serviceaccount:default:default")
        .hasMessageContaining("only " + AGENT + " may enrol");

    TokenReviewStatus unbound = bound(AGENT, "p", "u", NODE);
    unbound.getUser().setExtra(Map.of());
    issued.put("t-unbound", unbound);
    assertThatThrownBy(() -> pods.verify("t-unbound"))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("bound to no pod");
  }

  @Test
  void anApiServerThatFailsIsUnavailableNotARefusal() {
    server.reset();
    server.expect().post().withPath(TOKEN_REVIEWS).andReturn(500, "etcd timeout").always();
    assertThatThrownBy(() -> pods.verify("t-1"))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("will try again");
  }

  @Test
  void everyCallIsAllowedByTheShippedRbac() throws Exception {
    String uid = pod("lastmile-agent-x7k2p", NODE);
    issued.put("t-1", bound(AGENT, "lastmile-agent-x7k2p", uid, null));
    while (server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
      // the test's own pod creation
    }
    pods.verify("t-1");
    assertThat(
            RbacCheck.assertAllowedBy(
                server,
                Path.of("..", "k8s", "base", "control-plane", "clusterrole.yaml"),
                Path.of("..", "k8s", "base", "agent", "serviceaccount.yaml")))
        .containsExactlyInAnyOrder(
            new RbacCheck.Permission("create", "authentication.k8s.io", "tokenreviews"),
            new RbacCheck.Permission("get", "", "pods"));
  }

  @Test
  void aServiceAccountIsNamespaceAndName() {
    assertThatThrownBy(() -> new TokenReviewPodIdentities(client, "lastmile-agent", "lastmile"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lastmile.kubernetes.agent-service-account: 'lastmile-agent'");
  }
}
