package io.lastmile.agent.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the CSV that {@code nvidia-smi --query-gpu=... --format=csv} prints into {@link
 * GpuReading}s.
 *
 * <p>The agent itself asks for {@link #QUERY_FIELDS} with {@code noheader,nounits} and reads the
 * answer with {@link #standard()}: one list drives both the command line and the column order, so
 * they cannot drift apart. {@link #withHeader(String)} reads output that carries its header,
 * mapping columns by name, which lets the tests replay captures taken with other field lists;
 * {@link #forFields(List)} does the same for header-less captures whose field list is known.
 *
 * <p>Values nvidia-smi cannot give ({@code [N/A]}, {@code [Not Supported]} and friends) become
 * "unknown": power {@code NaN}, utilisation -1, memory 0, MIG off. A column the field list does not
 * contain is unknown in the same way; a missing {@code index} is the row's position, because
 * nvidia-smi lists GPUs in index order. Anything else that does not parse is an {@link
 * IllegalArgumentException} naming the line, the column and the value: a driver that prints
 * something new should be noticed, not read as zero.
 */
public final class NvidiaSmiParser {

  /** The fields the agent queries, in the order they are printed. */
  public static final List<String> QUERY_FIELDS =
      Arrays.stream(SmiField.values()).map(SmiField::queryName).toList();

  /** The output format the agent asks for; {@link #standard()} reads it. */
  public static final String FORMAT = "csv,noheader,nounits";

  private final List<String> columns;
  private final List<String> units;
  private final Map<SmiField, Integer> positions = new EnumMap<>(SmiField.class);

  private NvidiaSmiParser(List<String> columns) {
    this.columns = columns.stream().map(SmiField::withoutUnit).toList();
    this.units = columns.stream().map(SmiField::unitOf).toList();
    for (int i = 0; i < columns.size(); i++) {
      int position = i;
      SmiField.byName(columns.get(i)).ifPresent(f -> positions.putIfAbsent(f, position));
    }
  }

  /** The arguments after the executable: {@code --query-gpu=...} and {@code --format=...}. */
  public static List<String> queryArguments() {
    return List.of("--query-gpu=" + String.join(",", QUERY_FIELDS), "--format=" + FORMAT);
  }

  /** Reads the output of {@link #queryArguments()}. */
  public static NvidiaSmiParser standard() {
    return new NvidiaSmiParser(QUERY_FIELDS);
  }

  /** Reads header-less output of another {@code --query-gpu} field list, given in order. */
  public static NvidiaSmiParser forFields(List<String> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("nvidia-smi field list is empty");
    }
    return new NvidiaSmiParser(fields);
  }

  /**
   * Reads output printed with a header line ({@code --format=csv}, with or without {@code
   * nounits}); the first non-blank line is the header.
   */
  public static List<GpuReading> withHeader(String csvWithHeader) {
    List<String> lines = csvWithHeader.lines().toList();
    int header = 0;
    while (header < lines.size() && lines.get(header).isBlank()) {
      header++;
    }
    if (header == lines.size()) {
      throw new IllegalArgumentException("nvidia-smi output has no header line");
    }
    List<String> columns = Arrays.stream(lines.get(header).split(",")).map(String::strip).toList();
    return new NvidiaSmiParser(columns).parseLines(lines, header + 1);
  }

  /** Parses header-less output; blank lines are skipped. */
  public List<GpuReading> parse(String csv) {
    return parseLines(csv.lines().toList(), 0);
  }

  private List<GpuReading> parseLines(List<String> lines, int first) {
    List<GpuReading> readings = new ArrayList<>();
    for (int i = first; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        readings.add(parseRow(lines.get(i), i + 1, readings.size()));
      }
    }
    readings.sort(Comparator.comparingInt(GpuReading::index));
    return List.copyOf(readings);
  }

  private GpuReading parseRow(String line, int lineNumber, int rowPosition) {
    List<String> values = splitRow(line, lineNumber);
    Row row = new Row(values, lineNumber);
    return new GpuReading(
        positions.containsKey(SmiField.INDEX) ? row.cell(SmiField.INDEX).integer() : rowPosition,
        row.string(SmiField.UUID),
        row.string(SmiField.NAME),
        Math.round(row.number(SmiField.MEMORY_TOTAL, 0)),
        Math.round(row.number(SmiField.MEMORY_USED, 0)),
        (int) Math.round(row.number(SmiField.UTILIZATION_GPU, -1)),
        row.number(SmiField.POWER_DRAW, Double.NaN),
        row.number(SmiField.POWER_LIMIT, Double.NaN),
        positions.containsKey(SmiField.MIG_MODE_CURRENT)
            && row.cell(SmiField.MIG_MODE_CURRENT).migEnabled());
  }

  /**
   * nvidia-smi does not quote values, so a product name with a comma yields extra columns. The name
   * is the only free-text field: surplus columns are folded back into it.
   */
  private List<String> splitRow(String line, int lineNumber) {
    List<String> values = new ArrayList<>(Arrays.asList(line.split(",", -1)));
    Integer name = positions.get(SmiField.NAME);
    int surplus = values.size() - columns.size();
    if (surplus > 0 && name != null) {
      List<String> nameParts = values.subList(name, name + surplus + 1);
      String joined = String.join(",", nameParts);
      nameParts.clear();
      values.add(name, joined);
    }
    if (values.size() != columns.size()) {
      throw new IllegalArgumentException(
          "nvidia-smi output line %d has %d columns where %d were expected (%s): '%s'"
              .formatted(
                  lineNumber, values.size(), columns.size(), String.join(", ", columns), line));
    }
    return values;
  }

  /** The values of one line, looked up by field. */
  private final class Row {
    private final List<String> values;
    private final int lineNumber;

    Row(List<String> values, int lineNumber) {
      this.values = values;
      this.lineNumber = lineNumber;
    }

    SmiCell cell(SmiField field) {
      int i = positions.get(field);
      return new SmiCell(lineNumber, i + 1, columns.get(i), values.get(i), units.get(i));
    }

    String string(SmiField field) {
      return positions.containsKey(field) ? cell(field).string() : "";
    }

    double number(SmiField field, double whenUnknown) {
      return positions.containsKey(field) ? cell(field).number(whenUnknown) : whenUnknown;
    }
  }
}
