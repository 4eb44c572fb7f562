package io.lastmile.sim.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file read into rows of fields (RFC 4180 quoting, one record per line). Every reader of the
 * simulator goes through it so that a malformed value is reported with its file, line and column.
 */
public final class Csv {
  private final String source;
  private final List<String> header;
  private final Map<String, Integer> columns = new HashMap<>();
  private final List<List<String>> rows;

  private Csv(String source, List<String> lines) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(source + ": empty file, expected a header line");
    }
    this.source = source;
    this.header = split(lines.get(0).replace("\uFEFF", ""));
    for (int i = 0; i < header.size(); i++) {
      columns.put(header.get(i).trim(), i);
    }
    this.rows = new ArrayList<>(lines.size());
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        List<String> row = split(lines.get(i));
        row.add(0, Integer.toString(i + 1));
        rows.add(row);
      }
    }
  }

  public static Csv read(Path file) {
    try {
      return new Csv(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(
          "no file %s: point --data at the folder of the public datasets".formatted(file), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read %s: %s".formatted(file, e), e);
    }
  }

  /** A CSV given as text, named {@code source} in error messages (tests, bundled tables). */
  public static Csv parse(String source, String text) {
    return new Csv(source, text.lines().toList());
  }

  public String source() {
    return source;
  }

  public List<String> header() {
    return header;
  }

  public int size() {
    return rows.size();
  }

  /** Index of a column, failing with the columns the file has when it is missing. */
  public int column(String name) {
    Integer i = columns.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "%s: no column '%s' (columns: %s)".formatted(source, name, header));
    }
    return i;
  }

  public boolean hasColumn(String name) {
    return columns.containsKey(name);
  }

  /** Field {@code column} of row {@code row}; empty when the line is short. */
  public String text(int row, int column) {
    List<String> r = rows.get(row);
    return column + 1 < r.size() ? r.get(column + 1).trim() : "";
  }

  public double number(int row, int column) {
    String v = text(row, column);
    try {
      return Double.parseDouble(v.replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "%s line %s: column '%s' must be a number, got '%s'"
              .formatted(source, line(row), header.get(column), v));
    }
  }

  /** The file's line number of a row, for error messages. */
  public String line(int row) {
    return rows.get(row).get(0);
  }

  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString());
    return out;
  }
}
