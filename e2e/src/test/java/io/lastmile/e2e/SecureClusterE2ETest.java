package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.e2e.CliProcess.Result;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production set-up with real processes: TLS on every listener, agents with client
 * certificates, API tokens. An operator makes an enrolment token with the CLI; the agent enrols
 * with it, runs a job over TLS, and is shut out when its credential is revoked. Certificates are
 * made by {@code openssl} and {@code keytool} when the test runs.
 */
class SecureClusterE2ETest {
  private static final Pattern ENROL = Pattern.compile("lme_[A-Za-z0-9_-]{43}");
  private static final String STORE_PASSWORD = "e2e-only";

  @TempDir Path work;

  @Test
  void agentEnrolsRunsAJobOverTlsAndIsShutOutWhenRevoked() throws Exception {
    Path pki = Files.createDirectories(work.resolve("pki"));
    makePki(pki);
    CliProcess.OperatorToken operator = CliProcess.createOperatorToken(work, "oncall");
    Path tokens = Files.writeString(work.resolve("tokens"), operator.line() + "\n");

    try (LocalCluster cluster = new LocalCluster(work).overHttps(trusting(pki))) {
      cluster.startControlPlane(
          "-Dlastmile.auth.enabled=true",
          "-Dlastmile.auth.tokens-file=" + tokens,
          "-Dquarkus.http.port=" + freePort(),
          "-Dquarkus.http.ssl-port=" + cluster.httpPort(),
          "-Dquarkus.http.insecure-requests=disabled",
          "-Dquarkus.tls.key-store.pem.0.cert=" + pki.resolve("server.crt"),
          "-Dquarkus.tls.key-store.pem.0.key=" + pki.resolve("server.key"),
          "-Dquarkus.grpc.server.ssl.certificate=" + pki.resolve("server.crt"),
          "-Dquarkus.grpc.server.ssl.key=" + pki.resolve("server.key"),
          "-Dquarkus.grpc.server.ssl.trust-store=" + pki.resolve("ca.p12"),
          "-Dquarkus.grpc.server.ssl.trust-store-password=" + STORE_PASSWORD,
          "-Dquarkus.grpc.server.ssl.client-auth=REQUEST",
          "-Dlastmile.auth.require-agent-certificate=true");
      Map<String, String> env = new HashMap<>();
      env.put("LASTMILE_SERVER", cluster.grpcAddress());
      env.put("LASTMILE_CA_FILE", pki.resolve("ca.crt").toString());
      env.put("LASTMILE_TOKEN", operator.token());
      env.put("HOME", work.toString());

      Result plaintext =
          CliProcess.run(
              work,
              Map.of(
                  "LASTMILE_SERVER",
                  cluster.grpcAddress(),
                  "LASTMILE_TOKEN",
                  operator.token(),
                  "HOME",
                  work.toString()),
              "nodes");
      Result enrol =
          CliProcess.run(work, env, "nodes", "enroll-token", "--node-id", "edge-secure-1");
      Matcher enrolment = ENROL.matcher(enrol.out);
      assertThat(plaintext.code).as(plaintext.toString()).isEqualTo(5);
      assertThat(enrolment.find()).as(enrol.toString()).isTrue();

      cluster.startAgent(
          "edge-secure-1",
          "de-fra",
          "1xL4:23034:72",
          "-Dlastmile.agent.tls.enabled=true",
          "-Dlastmile.agent.tls.ca-file=" + pki.resolve("ca.crt"),
          "-Dlastmile.agent.tls.certificate-file=" + pki.resolve("agent.crt"),
          "-Dlastmile.agent.tls.key-file=" + pki.resolve("agent.key"),
          "-Dlastmile.agent.enrolment.token=" + enrolment.group());
      Path credential = cluster.workDir("edge-secure-1").resolve("node-credential");
      assertThat(Files.getPosixFilePermissions(credential))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(credential)).doesNotContain(enrolment.group());

      CliProcess.submitAndWatchSucceeded(work, env, "secure", "echo over tls");

      Result revoke = CliProcess.run(work, env, "nodes", "revoke", "edge-secure-1");
      assertThat(revoke.code).as(revoke.toString()).isZero();
      assertThat(revoke.out).contains("its agent was disconnected");
      await().atMost(Duration.ofSeconds(30)).until(() -> cluster.connectedAgents() == 0);
      Path agentLog =
          Path.of(System.getProperty("lastmile.root", ".."))
              .resolve("e2e/target/e2e-logs/edge-secure-1.log");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(Files.readString(agentLog))
                      .contains(
                          "node edge-secure-1 was revoked",
                          "enroll-token --node-id edge-secure-1"));
      assertThat(cluster.connectedAgents()).isZero();
      // Dialling again cannot cure a revoked credential: the agent exits, so its service fails.
      assertThat(cluster.agentExitCode("edge-secure-1", Duration.ofSeconds(30))).isEqualTo(78);
      assertThat(Files.readString(agentLog)).contains("Retrying cannot fix that");
    }
  }

  /** A CA, a server certificate for localhost and an agent certificate, as PEM and PKCS12. */
  static void makePki(Path dir) throws Exception {
    String ec = "ec_paramgen_curve:prime256v1";
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        ec,
        "-noenc",
        "-days",
        "1",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-subj",
        "/CN=lastmile e2e CA");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    for (String name : List.of("server", "agent")) {
      run(
          dir,
          "openssl",
          "req",
          "-newkey",
          "ec",
          "-pkeyopt",
          ec,
          "-noenc",
          "-keyout",
          name + ".key",
          "-out",
          name + ".csr",
          "-subj",
          "/CN=" + name);
      run(
          dir,
          "openssl",
          "x509",
          "-req",
          "-in",
          name + ".csr",
          "-CA",
          "ca.crt",
          "-CAkey",
          "ca.key",
          "-CAcreateserial",
          "-days",
          "1",
          "-extfile",
          "san.ext",
          "-out",
          name + ".crt");
    }
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        dir,
        keytool,
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        "ca.crt",
        "-keystore",
        "ca.p12",
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD);
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("pki.log").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as("%s: %s", String.join(" ", command), Files.readString(dir.resolve("pki.log")))
        .isTrue();
  }

  static SSLContext trusting(Path pki) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.resolve("ca.p12"))) {
      trust.load(in, STORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
