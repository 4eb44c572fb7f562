package io.lastmile.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import io.lastmile.api.v1.JobServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** Options every command shares: where the control plane is and how to print. */
final class ClientOptions {
  enum Format {
    table,
    json
  }

  @Option(
      names = "--server",
      defaultValue = "${env:LASTMILE_SERVER:-localhost:9090}",
      description = "Control plane gRPC address, host:port (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(
      names = "--token",
      defaultValue = "${env:LASTMILE_TOKEN}",
      description = {
        "API token sent as 'authorization: Bearer <token>'. Default: LASTMILE_TOKEN, else the",
        "first line of LASTMILE_TOKEN_FILE or ~/.config/lastmile/token. Not needed when the",
        "control plane runs in development mode (bin/local-cluster)."
      })
  String token;

  @Option(
      names = "--tls",
      defaultValue = "${env:LASTMILE_TLS:-false}",
      description = {
        "Talk TLS to the control plane, trusting the JDK's CAs (or --ca-file). Default:",
        "LASTMILE_TLS, else false (plaintext, for a development-mode control plane)."
      })
  boolean tls;

  @Option(
      names = "--ca-file",
      defaultValue = "${env:LASTMILE_CA_FILE}",
      description =
          "PEM CA(s) of the control plane's certificate; implies --tls. Env: LASTMILE_CA_FILE.")
  Path caFile;

  @Option(
      names = "--cert-file",
      defaultValue = "${env:LASTMILE_CERT_FILE}",
      description =
          "PEM client certificate for mutual TLS; implies --tls. Env: LASTMILE_CERT_FILE.")
  Path certFile;

  @Option(
      names = "--key-file",
      defaultValue = "${env:LASTMILE_KEY_FILE}",
      description = "PEM (PKCS#8) key of --cert-file. Env: LASTMILE_KEY_FILE.")
  Path keyFile;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format output;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "10",
      description = "Deadline for each call (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  ManagedChannel channel() {
    // A page of up to 1000 jobs with their specs fits in 16 MiB; nothing larger is buffered.
    ManagedChannelBuilder<?> builder =
        Grpc.newChannelBuilder(server, credentials()).maxInboundMessageSize(16 << 20);
    String bearer = token();
    if (!bearer.isEmpty()) {
      Metadata headers = new Metadata();
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bearer);
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    return builder.build();
  }

  private ChannelCredentials credentials() {
    if (!tls && caFile == null && certFile == null) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
    try {
      if (caFile != null) {
        b.trustManager(caFile.toFile());
      }
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException("--cert-file and --key-file go together");
      }
      if (certFile != null) {
        b.keyManager(certFile.toFile(), keyFile.toFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a TLS file: " + e.getMessage(), e);
    }
    return b.build();
  }

  /** The token from --token, LASTMILE_TOKEN or the token file; empty when there is none. */
  private String token() {
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    String file = System.getenv("LASTMILE_TOKEN_FILE");
    Path path =
        file != null && !file.isBlank()
            ? Path.of(file)
            : Path.of(System.getProperty("user.home"), ".config", "lastmile", "token");
    if (!Files.isRegularFile(path)) {
      return "";
    }
    try {
      return Files.readAllLines(path).stream().findFirst().orElse("").strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + path, e);
    }
  }

  JobServiceGrpc.JobServiceBlockingStub jobs(ManagedChannel channel) {
    return JobServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
  }
}
