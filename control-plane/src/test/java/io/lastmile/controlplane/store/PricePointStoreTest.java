package io.lastmile.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.energy.PricePoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricePointStoreTest {
  private static final Instant H10 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(H10, ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void storedPricesSurviveAReopenAndALaterPriceOfTheSameHourAndKindReplacesTheEarlier() {
    try (Database db = TestDatabases.h2(dir)) {
      PricePointStore store = new PricePointStore(db, "eu", CLOCK);
      store.save(List.of(PricePoint.forecast("FR", H10, 90, "EUR")));
      store.save(
          List.of(
              PricePoint.forecast("FR", H10, 80, "EUR"), PricePoint.actual("FR", H10, 70, "EUR")));
      new PricePointStore(db, "us", CLOCK).save(List.of(PricePoint.actual("FR", H10, 1, "EUR")));
    }

    try (Database db = TestDatabases.h2(dir)) {
      List<PricePoint> loaded = new PricePointStore(db, "eu", CLOCK).load();

      assertThat(loaded)
          .containsExactlyInAnyOrder(
              PricePoint.forecast("FR", H10, 80, "EUR"), PricePoint.actual("FR", H10, 70, "EUR"));
      // Laid over a book, the actual price wins the hour whatever the load order.
      assertThat(PriceBook.empty("EUR").with(loaded).pricePerMwh("FR", H10)).isEqualTo(70);
    }
  }
}
