package io.lastmile.api.v1;

import java.util.regex.Pattern;

/**
 * The rule for node ids, shared by the agent, the control plane and the EdgeNode resource: a
 * DNS-1123 subdomain, as Kubernetes node names are. That is at most 253 characters of dot-separated
 * labels, each 1 to 63 characters of {@code [a-z0-9-]} that start and end with a letter or digit:
 * {@code edge-fra-2} and {@code ip-10-0-1-23.eu-central-1.compute.internal} are both node ids.
 */
public final class NodeIds {
  /** The longest node id. */
  public static final int MAX_LENGTH = 253;

  /** One label of a node id. */
  private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

  /** The pattern a node id matches in full (its length is checked apart). */
  public static final String PATTERN = LABEL + "(\\." + LABEL + ")*";

  private static final Pattern COMPILED = Pattern.compile(PATTERN);

  /** How a wrong node id is told, after its field name and value. */
  public static final String RULE =
      "must be a DNS-1123 subdomain: at most 253 characters of dot-separated labels, each 1 to 63"
          + " characters of [a-z0-9-] starting and ending with a letter or digit";

  private NodeIds() {}

  /** Whether {@code id} is a node id. */
  public static boolean valid(String id) {
    return id != null && id.length() <= MAX_LENGTH && COMPILED.matcher(id).matches();
  }
}
