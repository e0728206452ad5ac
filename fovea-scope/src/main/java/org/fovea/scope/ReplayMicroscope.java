package org.fovea.scope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays back a recorded run folder (see {@link RunFolder}): every {@code every}-th stored stack
 * from the {@code offset}-th on, optionally looping (each loop adds the recorded span to the time).
 * The stacks carry their recorded times; interval changes cannot alter what was recorded, so {@link
 * #apply} accepts them and says so.
 */
public final class ReplayMicroscope implements Microscope {
  private final Path folder;
  private final List<RunFolder.IndexEntry> entries;
  private final int every;
  private final int offset;
  private final boolean loop;
  private final double timeFactor;
  private final RunFolder.Contents contents;
  private Settings settings;
  private int next;
  private int loops;

  public ReplayMicroscope(Path folder, int every, int offset, boolean loop, double timeFactor)
      throws IOException {
    if (every < 1) throw new IllegalArgumentException("replay: every must be >= 1, got " + every);
    if (offset < 0)
      throw new IllegalArgumentException("replay: offset must be >= 0, got " + offset);
    this.folder = folder;
    this.contents = RunFolder.read(folder);
    List<RunFolder.IndexEntry> sel = new ArrayList<>();
    for (int i = offset; i < contents.stacks().size(); i += every)
      sel.add(contents.stacks().get(i));
    if (sel.isEmpty()) {
      throw new IOException(
          "replay: "
              + folder
              + " has "
              + contents.stacks().size()
              + " complete stacks, none left with offset "
              + offset);
    }
    this.entries = sel;
    this.every = every;
    this.offset = offset;
    this.loop = loop;
    this.timeFactor = timeFactor;
    double first = sel.get(0).hours();
    double interval = sel.size() > 1 ? (sel.get(1).hours() - first) * 60 : 1;
    this.settings = Settings.every(Math.max(interval, 1e-6));
  }

  /** What was found in the folder (complete stacks, ignored incomplete lines, missing files). */
  public RunFolder.Contents contents() {
    return contents;
  }

  public int size() {
    return entries.size();
  }

  @Override
  public String describe() {
    return "replay of "
        + folder
        + " ("
        + entries.size()
        + " of "
        + contents.stacks().size()
        + " stacks, every "
        + every
        + ", offset "
        + offset
        + (loop ? ", looping" : "")
        + (contents.incompleteLines() + contents.missingFiles() > 0
            ? ", ignored "
                + contents.incompleteLines()
                + " incomplete index lines and "
                + contents.missingFiles()
                + " missing/partial files"
            : "")
        + ")";
  }

  @Override
  public synchronized Settings settings() {
    return settings;
  }

  @Override
  public synchronized String apply(Settings s) {
    settings = s;
    return "replay plays the recorded stacks; interval "
        + Rules.minutesText(s.intervalMinutes())
        + " noted, not applied";
  }

  @Override
  public double startHours() {
    return entries.get(0).hours();
  }

  @Override
  public double timeFactor() {
    return timeFactor;
  }

  @Override
  public synchronized Stack acquire(int timePoint, double hours) {
    if (next >= entries.size()) {
      if (!loop) return null;
      next = 0;
      loops++;
    }
    RunFolder.IndexEntry e = entries.get(next++);
    double span = entries.get(entries.size() - 1).hours() - entries.get(0).hours();
    double step = entries.size() > 1 ? span / (entries.size() - 1) : 1;
    double h = e.hours() + loops * (span + step);
    try {
      org.fovea.io.TiffStack img = org.fovea.io.TiffReader.read(e.file());
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("replay_of", folder.relativize(e.file()).toString());
      meta.put("source_file", e.file().toAbsolutePath().normalize().toString());
      meta.put("recorded_time_point", (double) e.timePoint());
      meta.put("recorded_hours", e.hours());
      return new Stack(
          timePoint,
          h,
          System.currentTimeMillis(),
          img.width(),
          img.height(),
          img.depth(),
          img.calibration().x(),
          img.calibration().y(),
          img.calibration().z(),
          img.pixels(),
          meta);
    } catch (IOException ex) {
      throw new UncheckedIOException(
          "replay: cannot read " + e.file() + ": " + ex.getMessage(), ex);
    }
  }

  /** The "replay" backend of a run configuration (see {@link ScopeTypes}). */
  static final class Type implements ScopeTypes.MicroscopeType {
    @Override
    public Microscope open(Conf m, Path baseDir, double intervalMinutes) throws IOException {
      m.checkKnown("type", "folder", "every", "offset", "loop", "timeFactor");
      if (m.getDouble("timeFactor", 0) < 0) {
        throw m.error("timeFactor", "must be 0 (as fast as possible) or positive");
      }
      if (m.getInt("every", 1) < 1) throw m.error("every", "must be at least 1");
      if (m.getInt("offset", 0) < 0) throw m.error("offset", "must not be negative");
      String f = m.requireString("folder");
      Path p = baseDir.resolve(f);
      if (!Files.exists(p)) p = Path.of(f);
      return new ReplayMicroscope(
          p,
          m.getInt("every", 1),
          m.getInt("offset", 0),
          m.getBool("loop", false),
          m.getDouble("timeFactor", 0));
    }
  }
}
