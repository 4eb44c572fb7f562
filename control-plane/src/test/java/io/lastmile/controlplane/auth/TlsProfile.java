package io.lastmile.controlplane.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A control plane with TLS on its gRPC and HTTP listeners (plain HTTP off) and agents required to
 * present client certificates, from a CA made when the profile starts.
 */
public class TlsProfile implements QuarkusTestProfile {
  public static final TestPki PKI;
  public static final Path[] SERVER;
  public static final Path[] AGENT;
  public static final int HTTPS_PORT = freePort();
  public static final int GRPC_PORT = freePort();

  static {
    try {
      PKI = new TestPki(Files.createTempDirectory("lastmile-tls-test"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    SERVER = PKI.issue("server");
    AGENT = PKI.issue("edge-tls");
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("quarkus.tls.key-store.pem.0.cert", SERVER[0].toString()),
        Map.entry("quarkus.tls.key-store.pem.0.key", SERVER[1].toString()),
        Map.entry("quarkus.http.insecure-requests", "disabled"),
        Map.entry("quarkus.http.test-ssl-port", String.valueOf(HTTPS_PORT)),
        Map.entry("quarkus.grpc.server.test-port", String.valueOf(GRPC_PORT)),
        Map.entry("quarkus.grpc.server.ssl.certificate", SERVER[0].toString()),
        Map.entry("quarkus.grpc.server.ssl.key", SERVER[1].toString()),
        Map.entry("quarkus.grpc.server.ssl.trust-store", PKI.caP12().toString()),
        Map.entry("quarkus.grpc.server.ssl.trust-store-password", TestPki.TRUST_STORE_PASSWORD),
        Map.entry("quarkus.grpc.server.ssl.client-auth", "REQUEST"),
        Map.entry("lastmile.auth.require-agent-certificate", "true"));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
