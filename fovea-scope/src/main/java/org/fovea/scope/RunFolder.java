package org.fovea.scope;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run on disk, append-only and self-describing:
 *
 * <pre>
 * run.json          configuration, microscope, analysis, device, start time
 * rules.json        the rules in force (normalised)
 * stacks/t000042.tif  the stack (8/16/32-bit TIFF as acquired, ImageJ-readable, calibrated)
 * stacks/t000042.json its metadata and ground truth
 * index.tsv         time_point, acquired_at, hours, file, bytes   (one line per stored stack)
 * metadata.jsonl    one JSON object per stored stack
 * measurements.tsv  one line per analysed (or skipped) stack, as results come
 * decisions.tsv     one line per rule transition and action
 * run.log           what the loop did, in words
 * timings.tsv       time_point, step (acquire|analyse), millis   (how long each step took)
 * </pre>
 *
 * A stack is written to a {@code .part} file and renamed when complete; only then is its index line
 * appended. Every line is flushed as it is written, so a run killed at any moment leaves a folder
 * whose index lists only complete stacks.
 */
public final class RunFolder implements AutoCloseable {
  private final Path dir;
  private final BufferedWriter index;
  private final BufferedWriter metadata;
  private final BufferedWriter measurements;
  private final BufferedWriter decisions;
  private final BufferedWriter log;
  private final BufferedWriter timings;
  private List<String> measurementColumns;
  private volatile boolean closed;

  public static final String DECISIONS_HEADER =
      "wall_time\ttime_point\thours\trule\ttransition\taction\tmeasurements\tanalysis_latency_ms"
          + "\tapplies_from_time_point\tlate";

  private RunFolder(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("stacks"));
    index = open("index.tsv", "time_point\tacquired_at\thours\tfile\tbytes");
    metadata = open("metadata.jsonl", null);
    measurements = open("measurements.tsv", null);
    decisions = open("decisions.tsv", DECISIONS_HEADER);
    log = open("run.log", null);
    timings = open("timings.tsv", "time_point\tstep\tmillis");
  }

  /**
   * Creates the folder. A run goes only into a new or empty folder: a folder holding a run
   * (finished or interrupted) or anything else is refused with a message that says how to go on, so
   * that no file of the user's is replaced or appended to.
   */
  public static RunFolder create(Path dir) throws IOException {
    checkNew(dir);
    org.fovea.io.SafeFiles.requireNewOrEmptyFolder(dir);
    return new RunFolder(dir);
  }

  /** Throws, with what to do instead, unless {@code dir} is missing or an empty folder. */
  public static void checkNew(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve("index.tsv"))) {
      if (Files.exists(dir.resolve("summary.txt"))) {
        throw new IOException(
            dir
                + " already holds a run (finished); choose another folder with --out (replay it with"
                + " a replay microscope whose \"folder\" is "
                + dir
                + ")");
      }
      throw new IOException(
          dir
              + " already holds a run that was interrupted (index.tsv without summary.txt: it was"
              + " killed or"
              + " crashed); it stays as it is. Its complete stacks can be replayed (a replay"
              + " microscope with \"folder\": \""
              + dir
              + "\"); start the new run with another --out, or delete the folder to reuse the"
              + " name");
    }
    if (Files.exists(dir)) {
      try {
        org.fovea.io.SafeFiles.checkEmptyFolder(dir);
      } catch (org.fovea.io.SafeFiles.Refused e) {
        throw new IOException(e.getMessage() + " (use --out to name a new folder)", e);
      }
    }
  }

  public Path dir() {
    return dir;
  }

  private BufferedWriter open(String name, String header) throws IOException {
    BufferedWriter w =
        Files.newBufferedWriter(
            dir.resolve(name),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
    if (header != null) {
      w.write(header);
      w.write('\n');
      w.flush();
    }
    return w;
  }

  /** Writes a whole text file (run.json, rules.json, summary). */
  public void writeText(String name, String text) throws IOException {
    Path tmp = dir.resolve(name + ".part");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw named(dir.resolve(name), e);
    }
    org.fovea.io.SafeFiles.move(tmp, dir.resolve(name));
  }

  /** "FILE: cause" for an I/O error whose message may lack the path (ENOSPC has none). */
  static IOException named(Path file, IOException e) {
    String m = e.getMessage();
    if (m != null && m.contains(file.toString())) return e;
    return new IOException(file + ": " + (m == null ? e.getClass().getSimpleName() : m), e);
  }

  public static String stackName(int timePoint) {
    return String.format(Locale.ROOT, "t%06d", timePoint);
  }

  /**
   * Stores one stack: TIFF (via a .part file), its JSON sidecar, a metadata line, then the index
   * line. Throws on any I/O problem (the caller stops the acquisition).
   */
  public long writeStack(Stack s) throws IOException {
    synchronized (stackLock) {
      return writeStackLocked(s);
    }
  }

  private final Object stackLock = new Object();

  private volatile boolean copyReplayed;

  /**
   * Whether stacks that come from a replay ({@code source_file} in their metadata) are copied into
   * this folder (true) or referenced by their path in index.tsv (false, the default: a replay does
   * not duplicate the recording).
   */
  public void copyReplayedStacks(boolean copy) {
    copyReplayed = copy;
  }

  private long writeStackLocked(Stack s) throws IOException {
    String name = stackName(s.timePoint());
    String fileField = "stacks/" + name + ".tif";
    long bytes;
    if (!copyReplayed
        && s.metadata().get("source_file") instanceof String src
        && Files.isRegularFile(Path.of(src))) {
      fileField = src;
      bytes = Files.size(Path.of(src));
    } else {
      bytes = writeTiff(s, name);
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("time_point", (double) s.timePoint());
    meta.put("hours", s.hours());
    meta.put("acquired_at", Instant.ofEpochMilli(s.acquiredAtMillis()).toString());
    meta.put("file", fileField);
    meta.put("width", (double) s.width());
    meta.put("height", (double) s.height());
    meta.put("depth", (double) s.depth());
    meta.put("voxel_um", List.of(s.voxelX(), s.voxelY(), s.voxelZ()));
    meta.putAll(s.metadata());
    String json = Json.write(meta);
    Files.writeString(
        dir.resolve("stacks").resolve(name + ".json"), json + "\n", StandardCharsets.UTF_8);
    metadata.write(json);
    metadata.write('\n');
    metadata.flush();
    index.write(
        String.format(
            Locale.ROOT,
            "%d\t%s\t%.9f\t%s\t%d\n",
            s.timePoint(),
            Instant.ofEpochMilli(s.acquiredAtMillis()),
            s.hours(),
            fileField,
            bytes));
    index.flush();
    return bytes;
  }

  private long writeTiff(Stack s, String name) throws IOException {
    long free = Files.getFileStore(dir).getUsableSpace();
    if (free < 2 * s.bytes() + (8L << 20)) {
      throw new IOException(
          "disk almost full: "
              + free / (1 << 20)
              + " MiB free in "
              + dir
              + ", a stack needs "
              + s.bytes() / (1 << 20)
              + " MiB");
    }
    Path part = dir.resolve("stacks").resolve(name + ".tif.part");
    Path tif = dir.resolve("stacks").resolve(name + ".tif");
    long bytes;
    try (OutputStream o = Files.newOutputStream(part)) {
      bytes = writeTiffTo(o, s);
    } catch (IOException e) {
      // free the space of the partial stack at once: the text files (measurements of the
      // stacks already stored, the log, the summary) must still fit on a full disk
      Files.deleteIfExists(part);
      throw named(tif, e);
    }
    org.fovea.io.SafeFiles.move(part, tif);
    return bytes;
  }

  private static long writeTiffTo(OutputStream o, Stack s) throws IOException {
    String extra =
        String.format(
            Locale.ROOT, "fovea_time_point=%d\nfovea_hours=%.6f\n", s.timePoint(), s.hours());
    return org.fovea.io.TiffWriter.write(
        o,
        s.pixels(),
        s.width(),
        s.height(),
        s.depth(),
        org.fovea.io.Calibration.of(s.voxelX(), s.voxelY(), s.voxelZ(), "acquisition"),
        extra);
  }

  /** Fixes the measurement columns (before the first row; else the first row's keys are used). */
  public synchronized void defineMeasurements(List<String> columns) throws IOException {
    if (measurementColumns == null) measurementColumns = new ArrayList<>(columns);
    writeMeasurementHeader();
  }

  private void writeMeasurementHeader() throws IOException {
    if (headerWritten) return;
    headerWritten = true;
    try {
      measurements.write("wall_time\ttime_point\thours\tstatus\tanalysis_latency_ms");
      for (String c : measurementColumns) measurements.write("\t" + c);
      measurements.write('\n');
      measurements.flush();
    } catch (IOException e) {
      throw named(dir.resolve("measurements.tsv"), e);
    }
  }

  private boolean headerWritten;

  /**
   * Appends how long one step took for one time point: {@code acquire} (the microscope delivering
   * the stack) or {@code analyse} (the analysis of it). A finished run's page uses these to say
   * whether late results were the acquisition's or the analysis' doing.
   */
  public void timing(int timePoint, String step, long millis) throws IOException {
    synchronized (timings) {
      timings.write(timePoint + "\t" + step + "\t" + millis + "\n");
      timings.flush();
    }
  }

  /**
   * Appends one measurement row ({@code m} null for a skipped or failed analysis). Values whose
   * name is not a column are not written.
   */
  public synchronized void measurement(
      int timePoint, double hours, String status, double latencyMs, Map<String, Double> m)
      throws IOException {
    if (measurementColumns == null) {
      measurementColumns = m == null ? new ArrayList<>() : new ArrayList<>(m.keySet());
    }
    writeMeasurementHeader();
    StringBuilder b = new StringBuilder();
    b.append(Instant.now())
        .append('\t')
        .append(timePoint)
        .append('\t')
        .append(String.format(Locale.ROOT, "%.9f", hours))
        .append('\t')
        .append(status)
        .append('\t')
        .append(Double.isNaN(latencyMs) ? "" : String.format(Locale.ROOT, "%.1f", latencyMs));
    for (String c : measurementColumns) {
      Double v = m == null ? null : m.get(c);
      b.append('\t').append(v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.6g", v));
    }
    try {
      measurements.write(b.append('\n').toString());
      measurements.flush();
    } catch (IOException e) {
      throw named(dir.resolve("measurements.tsv"), e);
    }
  }

  public synchronized void decision(String line) throws IOException {
    decisions.write(Instant.now() + "\t" + line + "\n");
    decisions.flush();
  }

  public synchronized void log(String line) {
    if (closed) return;
    try {
      log.write(Instant.now() + " " + line + "\n");
      log.flush();
    } catch (IOException e) {
      // the log is best effort; stack and index errors are reported by writeStack
    }
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    for (BufferedWriter w :
        new BufferedWriter[] {index, metadata, measurements, decisions, log, timings}) {
      try {
        w.close();
      } catch (IOException e) {
        // already reported on write
      }
    }
  }

  // ------------------------------------------------------------------ reading

  /** One complete line of index.tsv. */
  public record IndexEntry(int timePoint, String acquiredAt, double hours, Path file, long bytes) {}

  /** What a run folder holds, as replay sees it. */
  public record Contents(List<IndexEntry> stacks, int incompleteLines, int missingFiles) {}

  /**
   * Reads index.tsv, keeping only complete lines whose stack file exists with the recorded size (a
   * run killed mid-write may leave a partial last line or a .part file; both are ignored).
   */
  public static Contents read(Path dir) throws IOException {
    Path idx = dir.resolve("index.tsv");
    if (!Files.exists(idx)) {
      throw new IOException(dir + " is not a Fovea run folder (no index.tsv)");
    }
    String text = Files.readString(idx, StandardCharsets.UTF_8);
    List<IndexEntry> out = new ArrayList<>();
    int incomplete = 0;
    int missing = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      boolean last = i == lines.length - 1;
      if (last) {
        if (!line.isEmpty()) incomplete++; // no trailing newline: cut off mid-line
        break;
      }
      String[] f = line.split("\t");
      if (f.length != 5) {
        incomplete++;
        continue;
      }
      try {
        Path file = dir.resolve(f[3]);
        long bytes = Long.parseLong(f[4]);
        if (!Files.exists(file) || Files.size(file) != bytes) {
          missing++;
          continue;
        }
        out.add(
            new IndexEntry(Integer.parseInt(f[0]), f[1], Double.parseDouble(f[2]), file, bytes));
      } catch (NumberFormatException e) {
        incomplete++;
      }
    }
    return new Contents(out, incomplete, missing);
  }

  /** Reads decisions.tsv into rows of columns (header excluded). */
  public static List<String[]> readDecisions(Path dir) throws IOException {
    List<String[]> rows = new ArrayList<>();
    Path p = dir.resolve("decisions.tsv");
    if (!Files.exists(p)) return rows;
    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      if (!lines.get(i).isEmpty()) rows.add(lines.get(i).split("\t", -1));
    }
    return rows;
  }
}
