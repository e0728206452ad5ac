package org.fovea.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the stacks of the job's inputs on the driver, through Hadoop's file systems (so local
 * paths, {@code hdfs://}, {@code s3a://} and whatever the cluster has configured work alike):
 *
 * <ul>
 *   <li>a Fovea run folder (it holds {@code index.tsv}): its stacks in index order, with the time
 *       point and hours of the index (complete lines only, as replay reads them);
 *   <li>another folder: its {@code *.tif}/{@code *.tiff} files sorted by name;
 *   <li>a file, or a glob such as {@code data/t0*.tif}: the files.
 * </ul>
 *
 * Stacks outside a run folder get their position in the input order as time point.
 */
public final class StackInputs {
  private StackInputs() {}

  /** Thrown when an input names nothing (the command line reports it and exits 2). */
  public static final class InputException extends IllegalArgumentException {
    public InputException(String message) {
      super(message);
    }
  }

  public static List<StackRef> list(List<String> inputs, Configuration conf) throws IOException {
    List<StackRef> out = new ArrayList<>();
    int ordinal = 0;
    for (String in : inputs) {
      Path p = new Path(in);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(p);
      if (matches == null || matches.length == 0) {
        throw new InputException("no such file or folder: " + in);
      }
      Arrays.sort(matches, Comparator.comparing(s -> s.getPath().toString()));
      for (FileStatus st : matches) {
        if (st.isDirectory()) {
          Path index = new Path(st.getPath(), "index.tsv");
          if (fs.exists(index)) {
            for (StackRef r : runFolder(fs, st.getPath(), index)) {
              out.add(r);
              ordinal++;
            }
            continue;
          }
          FileStatus[] files = fs.listStatus(st.getPath(), StackInputs::isTiff);
          Arrays.sort(files, Comparator.comparing(s -> s.getPath().getName()));
          int n = 0;
          for (FileStatus f : files) {
            if (f.isFile()) {
              out.add(new StackRef(name(f.getPath()), ordinal++, Double.NaN));
              n++;
            }
          }
          if (n == 0) throw new InputException("no .tif files in folder " + in);
        } else {
          out.add(new StackRef(name(st.getPath()), ordinal++, Double.NaN));
        }
      }
    }
    return out;
  }

  /** Local files as plain paths (as count-spots writes them), other file systems as URIs. */
  static String name(Path p) {
    return "file".equals(p.toUri().getScheme()) ? p.toUri().getPath() : p.toString();
  }

  static boolean isTiff(Path p) {
    String n = p.getName().toLowerCase(Locale.ROOT);
    return n.endsWith(".tif") || n.endsWith(".tiff");
  }

  /**
   * The stacks of a run folder's index: {@code time_point, acquired_at, hours, file, bytes}; file
   * relative to the folder or absolute. A last line without its newline (a run killed mid-write) is
   * left out, as replay does.
   */
  static List<StackRef> runFolder(FileSystem fs, Path dir, Path index) throws IOException {
    List<StackRef> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(fs.open(index), StandardCharsets.UTF_8))) {
      StringBuilder all = new StringBuilder();
      char[] buf = new char[1 << 16];
      for (int n; (n = r.read(buf)) > 0; ) all.append(buf, 0, n);
      String[] lines = all.toString().split("\n", -1);
      for (int i = 1; i < lines.length - 1; i++) { // the last element follows the last newline
        String[] f = lines[i].split("\t");
        if (f.length != 5) continue;
        try {
          int tp = Integer.parseInt(f[0]);
          double hours = Double.parseDouble(f[2]);
          Path file = new Path(f[3]);
          if (!file.isAbsolute() && !file.toUri().isAbsolute()) file = new Path(dir, f[3]);
          out.add(new StackRef(name(file), tp, hours));
        } catch (NumberFormatException e) {
          // an incomplete line: left out, as replay does
        }
      }
    }
    if (out.isEmpty()) throw new InputException("the run folder " + dir + " lists no stacks");
    return out;
  }
}
