package io.lastmile.controlplane.auth;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.domain.PermissionDeniedException;

/**
 * Who makes a call, as its API token says.
 *
 * @param name the token's name, for logs (never the token itself)
 * @param tenant the tenant whose jobs the caller works with; empty in development mode
 * @param role what the caller may do
 */
public record Caller(String name, String tenant, Role role) {

  /** Every call when authentication is off: an operator of no tenant. */
  public static final Caller DEVELOPMENT = new Caller("development", "", Role.OPERATOR);

  public boolean isOperator() {
    return role == Role.OPERATOR;
  }

  /**
   * The tenant whose jobs this caller lists: its own, or every tenant's ({@code ""}) for operators.
   */
  public String jobScope() {
    return isOperator() ? "" : tenant;
  }

  /**
   * Returns {@code job} when this caller may see it. Another tenant's job is reported exactly as an
   * unknown one, so its existence is not revealed.
   */
  public Job visible(Job job) {
    if (!isOperator() && !tenant.equals(job.spec().tenant())) {
      throw new NotFoundException("job", job.id());
    }
    return job;
  }

  /** Refuses callers without the operator role. */
  public void requireOperator(String action) {
    if (!isOperator()) {
      throw new PermissionDeniedException(
          "%s needs the operator role; token '%s' has role tenant".formatted(action, name));
    }
  }
}
