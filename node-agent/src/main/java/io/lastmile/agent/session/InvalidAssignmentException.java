package io.lastmile.agent.session;

/** An assignment the agent will not run; the message names the field and the rule. */
final class InvalidAssignmentException extends Exception {
  InvalidAssignmentException(String field, String rule, String got) {
    super("%s: %s (got %s)".formatted(field, rule, got), null, false, false);
  }
}
