package io.lastmile.controlplane.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of a dead-letter record: {@code {"reason": "BAD_VALUE", "error": "price 'x' must be a
 * finite number", "message": "<the refused message as received>"}}.
 */
final class DeadLetter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadLetter() {}

  static String json(String reason, String error, String original) {
    ObjectNode n = JSON.createObjectNode();
    n.put("reason", reason);
    n.put("error", error);
    n.put("message", original);
    return n.toString();
  }
}
