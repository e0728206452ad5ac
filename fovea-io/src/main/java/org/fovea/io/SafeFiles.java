package org.fovea.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The one way Fovea writes a result file a user asked for.
 *
 * <ul>
 *   <li>The bytes go to a hidden temporary file beside the target ({@code .NAME.XXXX.part}), are
 *       flushed to the disk, and only then take the target's name: a failed or killed write never
 *       leaves a half-written or empty target, and never destroys what was there.
 *   <li>An existing target is refused unless the caller says {@code force}; without it the final
 *       step is a hard link, which fails atomically if the name appeared meanwhile.
 *   <li>An input of the same run is never replaced, not even with {@code force}.
 *   <li>A folder, a missing parent folder, a read-only place and a failed write are errors whose
 *       message names the file and the cause.
 * </ul>
 *
 * The {@link Opener} is the seam through which the temporary file is opened (tests pass one that
 * fails like a full disk); {@link #DEFAULT} opens real files.
 */
public final class SafeFiles {
  /** Opens the temporary file for writing. */
  @FunctionalInterface
  public interface Opener {
    OutputStream open(Path tmp) throws IOException;
  }

  /** Writes the content. */
  @FunctionalInterface
  public interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** A target that Fovea refuses to write (exists, is an input, is a folder, …). */
  public static final class Refused extends IOException {
    Refused(String message) {
      super(message);
    }
  }

  /** The real file system. */
  public static final SafeFiles DEFAULT =
      new SafeFiles(
          tmp ->
              Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));

  private final Opener opener;

  public SafeFiles(Opener opener) {
    this.opener = opener;
  }

  /** Writes {@code target} with {@link #DEFAULT}. */
  public static void write(Path target, boolean force, Collection<Path> inputs, Body body)
      throws IOException {
    try (Pending p = DEFAULT.open(target, force, inputs)) {
      try {
        body.write(p.stream());
      } catch (IOException e) {
        throw p.failure(e);
      }
      p.commit();
    }
  }

  /**
   * Checks {@code target} and opens its temporary file. Write to {@link Pending#stream()}, then
   * {@link Pending#commit()}; closing without commit discards everything (the target is untouched).
   */
  public Pending open(Path target, boolean force, Collection<Path> inputs) throws IOException {
    checkTarget(target, force, inputs);
    Path abs = target.toAbsolutePath();
    Path tmp =
        abs.resolveSibling(
            "."
                + abs.getFileName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL)
                + ".part");
    OutputStream out;
    try {
      out = opener.open(tmp);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw failed(target, e);
    }
    return new Pending(target, tmp, out, force, inputs);
  }

  /** A result being written. */
  public static final class Pending implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final OutputStream out;
    private final boolean force;
    private final Collection<Path> inputs;
    private boolean done;

    private Pending(
        Path target, Path tmp, OutputStream out, boolean force, Collection<Path> inputs) {
      this.target = target;
      this.tmp = tmp;
      this.out = out;
      this.force = force;
      this.inputs = inputs;
    }

    /** Where to write (errors from it should go through {@link #failure}). */
    public OutputStream stream() {
      return out;
    }

    /** The target. */
    public Path target() {
      return target;
    }

    /** An error of {@code e} that names the target, for a write that failed. */
    public IOException failure(IOException e) {
      return failed(target, e);
    }

    /** Flushes to the disk and gives the file its name. */
    public void commit() throws IOException {
      try {
        out.flush();
        out.close();
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          c.force(true);
        }
        checkTarget(target, force, inputs);
        if (force) {
          move(tmp, target);
        } else {
          try {
            Files.createLink(target, tmp); // atomic: fails if the name exists by now
            Files.delete(tmp);
          } catch (FileAlreadyExistsException e) {
            throw new Refused(target + " appeared while Fovea was writing it: left unchanged");
          } catch (UnsupportedOperationException | IOException noLinks) {
            if (noLinks instanceof Refused r) throw r;
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
              throw new Refused(target + " appeared while Fovea was writing it: left unchanged");
            }
            move(tmp, target);
          }
        }
        done = true;
      } catch (Refused e) {
        throw e;
      } catch (IOException e) {
        throw failed(target, e);
      } finally {
        if (!done) discard();
      }
    }

    private void discard() {
      try {
        out.close();
      } catch (IOException e) {
        // the write already failed; the message that counts is that one
      }
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // nothing more to do: the name starts with a dot and ends with .part
      }
    }

    @Override
    public void close() {
      if (!done) discard();
      done = true;
    }
  }

  /**
   * Moves {@code from} onto {@code to}, replacing it, atomically where the file system can (a
   * reader sees the old or the new file, never a part); for files the caller owns, such as a {@code
   * .part} file of its own.
   */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** "cannot write FILE: CAUSE" */
  static IOException failed(Path target, IOException e) {
    if (e instanceof Refused) return e;
    return new IOException("cannot write " + target + ": " + TiffReader.cause(e), e);
  }

  /**
   * Throws {@link Refused} when {@code target} must not be written: it is a folder or special file,
   * its folder is missing or read-only, it is one of {@code inputs}, or it exists and {@code force}
   * is false.
   */
  public static void checkTarget(Path target, boolean force, Collection<Path> inputs)
      throws IOException {
    if (Files.isDirectory(target)) {
      throw new Refused(
          target + " is a folder: give a file name, e.g. " + target.resolve("results.tsv"));
    }
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new Refused(
          "cannot write "
              + target
              + ": the folder "
              + parent
              + " does not exist (create it first)");
    }
    if (!Files.isWritable(parent)) {
      throw new Refused(
          "cannot write "
              + target
              + ": the folder "
              + parent
              + " is not writable (read-only disk or no permission)");
    }
    boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    for (Path in : inputs == null ? List.<Path>of() : inputs) {
      boolean same;
      try {
        same =
            exists && Files.exists(in)
                ? Files.isSameFile(target, in)
                : target.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize());
      } catch (IOException e) {
        same = false;
      }
      if (same) {
        throw new Refused(
            target
                + " is an input of this run: Fovea never overwrites an input (not even with --force)");
      }
    }
    if (exists && !Files.isRegularFile(target)) {
      throw new Refused(target + " is " + TiffReader.kind(target) + ", not a regular file");
    }
    if (exists && !force) {
      throw new Refused(
          target + " already exists: Fovea does not overwrite files (--force replaces it)");
    }
  }

  /** Throws {@link Refused} unless {@code dir} is an empty folder. */
  public static void checkEmptyFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new Refused(dir + " exists and is not a folder: choose another folder");
    }
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isPresent()) {
        throw new Refused(
            dir
                + " is not empty: Fovea writes a run only into a new or empty folder, so that"
                + " none of your files is replaced; choose another folder");
      }
    }
  }

  /**
   * Makes sure {@code dir} is a new or empty folder (creating it and its parents): any other
   * existing folder, or a file of that name, is refused with a message naming it.
   */
  public static void requireNewOrEmptyFolder(Path dir) throws IOException {
    if (Files.exists(dir)) checkEmptyFolder(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("cannot create the folder " + dir + ": " + TiffReader.cause(e), e);
    }
  }
}
