package io.lastmile.agent.session;

import io.grpc.Channel;
import io.grpc.Status;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.EnrollRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The credential the agent connects with: the one saved in its credential file, or, when an
 * enrolment token is configured that the saved credential did not come from, a new one obtained
 * with that token and saved. In Kubernetes the pod's ServiceAccount token takes the enrolment
 * token's place. None at all in development mode (no token, no file).
 */
public final class AgentCredential {
  private static final Logger LOG = Logger.getLogger(AgentCredential.class);

  /** What a saved credential obtained with a ServiceAccount token records as its origin. */
  static final String FROM_SERVICE_ACCOUNT = "kubernetes-service-account";

  private final CredentialFile file;
  private final String enrolmentToken;
  private final Optional<Path> serviceAccountTokenFile;
  private final String nodeId;
  private final Channel channel;

  /**
   * @param enrolmentToken the configured enrolment token; empty for none
   * @param serviceAccountTokenFile the pod's projected ServiceAccount token, in Kubernetes
   */
  public AgentCredential(
      CredentialFile file,
      String enrolmentToken,
      Optional<Path> serviceAccountTokenFile,
      String nodeId,
      Channel channel) {
    if (!enrolmentToken.isBlank() && serviceAccountTokenFile.isPresent()) {
      throw new IllegalArgumentException(
          "lastmile.agent.enrolment.token and lastmile.agent.enrolment.service-account-token-file"
              + " are both set; an agent enrols one way: keep one");
    }
    this.file = file;
    this.enrolmentToken = enrolmentToken.strip();
    this.serviceAccountTokenFile = serviceAccountTokenFile;
    this.nodeId = nodeId;
    this.channel = channel;
  }

  /**
   * After a refusal of the saved credential: forgets a credential that the pod's ServiceAccount
   * token can replace, so that the next start enrols again.
   *
   * @return whether it was forgotten
   */
  public boolean forgetRenewable() {
    if (serviceAccountTokenFile.isEmpty()) {
      return false;
    }
    file.delete();
    return true;
  }

  /**
   * The credential to send, enrolling first when needed.
   *
   * @throws io.grpc.StatusRuntimeException when enrolment is refused or the control plane is away
   */
  public Optional<String> current() {
    Optional<CredentialFile.Saved> saved = file.read();
    if (serviceAccountTokenFile.isPresent()) {
      return Optional.of(
          saved
              .filter(s -> s.enrolmentTokenSha256().equals(FROM_SERVICE_ACCOUNT))
              .map(CredentialFile.Saved::credential)
              .orElseGet(this::enrolAsPod));
    }
    if (enrolmentToken.isEmpty()) {
      return saved.map(CredentialFile.Saved::credential);
    }
    String tokenHash = sha256(enrolmentToken);
    if (saved.isPresent() && saved.get().enrolmentTokenSha256().equals(tokenHash)) {
      return Optional.of(saved.get().credential());
    }
    LOG.infof("enrolling node %s with the configured enrolment token", nodeId);
    String credential =
        AgentServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(15, TimeUnit.SECONDS)
            .enroll(
                EnrollRequest.newBuilder()
                    .setEnrolmentToken(enrolmentToken)
                    .setNodeId(nodeId)
                    .build())
            .getCredential();
    file.write(new CredentialFile.Saved(credential, tokenHash));
    LOG.infof(
        "node %s enrolled; its credential is saved in %s (the token is used up and may be"
            + " removed from the configuration)",
        nodeId, file.path());
    return Optional.of(credential);
  }

  private String enrolAsPod() {
    Path tokenFile = serviceAccountTokenFile.orElseThrow();
    String token;
    try {
      token = Files.readString(tokenFile).strip();
    } catch (IOException e) {
      throw Status.UNAVAILABLE
          .withDescription(
              "cannot read the ServiceAccount token %s (%s)".formatted(tokenFile, e.getMessage()))
          .asRuntimeException();
    }
    LOG.infof("enrolling node %s with the pod's ServiceAccount token", nodeId);
    String credential =
        AgentServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(15, TimeUnit.SECONDS)
            .enroll(
                EnrollRequest.newBuilder().setServiceAccountToken(token).setNodeId(nodeId).build())
            .getCredential();
    file.write(new CredentialFile.Saved(credential, FROM_SERVICE_ACCOUNT));
    LOG.infof("node %s enrolled; its credential is saved in %s", nodeId, file.path());
    return credential;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
