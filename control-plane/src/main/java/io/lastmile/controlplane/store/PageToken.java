package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.Job;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Position in the newest-first job order: the creation time and id of the last job of a page.
 * Opaque to clients.
 */
public record PageToken(Instant createTime, String jobId) {

  public static PageToken after(Job job) {
    return new PageToken(job.createTime(), job.id());
  }

  public String encode() {
    String raw = createTime.getEpochSecond() + ":" + createTime.getNano() + ":" + jobId;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws InvalidFieldException naming {@code page_token} when the token was not made by {@link
   *     #encode()}
   */
  public static PageToken decode(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = raw.split(":", 3);
      return new PageToken(
          Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2]);
    } catch (RuntimeException e) {
      throw new InvalidFieldException(
          "page_token", token, "must be a next_page_token returned by ListJobs");
    }
  }

  /** Whether {@code job} comes after this position in newest-first order. */
  public boolean precedes(Job job) {
    int byTime = job.createTime().compareTo(createTime);
    return byTime < 0 || (byTime == 0 && job.id().compareTo(jobId) < 0);
  }
}
