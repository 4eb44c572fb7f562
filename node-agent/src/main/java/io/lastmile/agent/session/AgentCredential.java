package io.lastmile.agent.session;

import io.grpc.Channel;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.EnrollRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The credential the agent connects with: the one saved in its credential file, or, when an
 * enrolment token is configured that the saved credential did not come from, a new one obtained
 * with that token and saved. None at all in development mode (no token, no file).
 */
public final class AgentCredential {
  private static final Logger LOG = Logger.getLogger(AgentCredential.class);

  private final CredentialFile file;
  private final String enrolmentToken;
  private final String nodeId;
  private final Channel channel;

  /**
   * @param enrolmentToken the configured enrolment token; empty for none
   */
  public AgentCredential(
      CredentialFile file, String enrolmentToken, String nodeId, Channel channel) {
    this.file = file;
    this.enrolmentToken = enrolmentToken.strip();
    this.nodeId = nodeId;
    this.channel = channel;
  }

  /**
   * The credential to send, enrolling first when needed.
   *
   * @throws io.grpc.StatusRuntimeException when enrolment is refused or the control plane is away
   */
  public Optional<String> current() {
    Optional<CredentialFile.Saved> saved = file.read();
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
