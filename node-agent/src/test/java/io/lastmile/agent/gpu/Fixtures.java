package io.lastmile.agent.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the captured nvidia-smi outputs under {@code src/test/resources/nvidia-smi}. */
final class Fixtures {
  private Fixtures() {}

  static String nvidiaSmi(String file) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/nvidia-smi/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture nvidia-smi/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
