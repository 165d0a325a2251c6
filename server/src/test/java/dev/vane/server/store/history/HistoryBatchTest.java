package dev.vane.server.store.history;

import static dev.vane.server.store.history.StoreFixture.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The columnar batch: rows kept exactly, last values per stretch, suffixes, dropped rows. */
class HistoryBatchTest {
  private static final List<Map<String, Object>> ROWS =
      List.of(
          row(0, "b", 1.0, "a", 1L),
          row(1, "a", 2L, "b", "text"),
          row(1, "c", true),
          row(5, "c", null, "b", 3.5),
          row(2, "a", 7L));

  @Test
  void keepsRowsKeyOrderAndTypes() {
    HistoryBatch batch = HistoryBatch.of(ROWS);
    assertEquals(ROWS, batch.toRows());
    assertEquals(
        List.copyOf(ROWS.get(1).keySet()), List.copyOf(batch.toRows().get(1).keySet()));
    assertEquals(List.of("_step", "b", "a", "c"), batch.keys());
    assertEquals(13, batch.points());
  }

  @Test
  void lastValuesAreThoseOfTheLastRowInOrderOfFirstAppearance() {
    HistoryBatch batch = HistoryBatch.of(ROWS);
    Map<String, Object> all = batch.lastValues(0, 5);
    assertEquals(List.of("_step", "b", "a", "c"), List.copyOf(all.keySet()));
    assertEquals(7L, all.get("a"));
    assertEquals(3.5, all.get("b"));
    assertEquals(null, all.get("c"));
    Map<String, Object> middle = batch.lastValues(1, 3);
    assertEquals(List.of("_step", "a", "b", "c"), List.copyOf(middle.keySet()));
    assertEquals("text", middle.get("b"));
    assertEquals(true, middle.get("c"));
    assertEquals(Map.of(), batch.lastValues(2, 2));
  }

  @Test
  void aSuffixIsABatchOfTheLastRows() {
    HistoryBatch batch = HistoryBatch.of(ROWS);
    assertEquals(ROWS.subList(2, 5), batch.from(2).toRows());
    assertEquals(List.of("_step", "c", "b", "a"), batch.from(2).keys());
    assertEquals(List.of(), batch.from(5).toRows());
  }

  @Test
  void anAbandonedRowLeavesNothing() {
    HistoryBatch batch = new HistoryBatch();
    batch.putLong("_step", 0);
    batch.putDouble("x", 1.0);
    batch.endRow(0);
    batch.putDouble("x", 2.0);
    batch.putDouble("new", 2.0);
    batch.abandonRow();
    batch.putLong("_step", 1);
    batch.putDouble("y", 3.0);
    batch.endRow(1);
    assertEquals(List.of("_step", "x", "y"), batch.keys());
    assertEquals(List.of(row(0, "x", 1.0), row(1, "y", 3.0)), batch.toRows());
  }
}
