package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.lastmile.api.v1.ListNodesRequest;
import io.lastmile.api.v1.NodeServiceGrpc;
import io.lastmile.controlplane.auth.TestPki;
import io.lastmile.controlplane.auth.TlsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The control plane's listeners with TLS, and agents with and without client certificates. */
@QuarkusTest
@TestProfile(TlsProfile.class)
class TlsListenersTest {
  private final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void close() {
    channels.forEach(ManagedChannel::shutdownNow);
  }

  @Test
  void plaintextClientCannotTalkToTheTlsPort() {
    ManagedChannel plain = keep(ManagedChannelBuilder.forTarget(target()).usePlaintext().build());

    StatusRuntimeException e =
        catchThrowableOfType(
            () ->
                NodeServiceGrpc.newBlockingStub(plain)
                    .listNodes(ListNodesRequest.getDefaultInstance()),
            StatusRuntimeException.class);

    assertThat(e).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void clientTrustingTheCaNeedsNoCertificate() throws IOException {
    ManagedChannel tls = tls(TlsChannelCredentials.newBuilder().trustManager(ca()).build());

    assertThat(
            NodeServiceGrpc.newBlockingStub(tls).listNodes(ListNodesRequest.getDefaultInstance()))
        .isNotNull();
  }

  @Test
  void agentWithoutClientCertificateIsRefused() throws Exception {
    ManagedChannel tls = tls(TlsChannelCredentials.newBuilder().trustManager(ca()).build());

    try (AgentStream agent = new AgentStream(tls, null).register("edge-no-cert")) {
      Status end = agent.end();
      assertThat(end.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(end.getDescription())
          .contains("no client certificate", "lastmile.agent.tls.certificate-file");
    }
  }

  @Test
  void agentWithClientCertificateRegisters() throws Exception {
    ManagedChannel tls =
        tls(
            TlsChannelCredentials.newBuilder()
                .trustManager(ca())
                .keyManager(TlsProfile.AGENT[0].toFile(), TlsProfile.AGENT[1].toFile())
                .build());

    try (AgentStream agent = new AgentStream(tls, null).register("edge-tls")) {
      assertThat(agent.next().hasRegistered()).isTrue();
    }
  }

  @Test
  void httpServesOnlyTls() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(TlsProfile.PKI.caP12())) {
      trust.load(in, TestPki.TRUST_STORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
    int plainPort = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);

    HttpResponse<String> health =
        https.send(
            HttpRequest.newBuilder(
                    URI.create("https://localhost:" + TlsProfile.HTTPS_PORT + "/q/health/live"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://localhost:" + plainPort + "/q/health/live"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  private ManagedChannel tls(ChannelCredentials credentials) {
    return keep(Grpc.newChannelBuilder(target(), credentials).build());
  }

  private ManagedChannel keep(ManagedChannel channel) {
    channels.add(channel);
    return channel;
  }

  private static java.io.File ca() {
    return TlsProfile.PKI.caPem().toFile();
  }

  private static String target() {
    return "localhost:"
        + ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
  }
}
