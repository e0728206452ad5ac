package org.fovea.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeFilesTest {
  @TempDir Path dir;

  private static SafeFiles.Body text(String s) {
    return o -> o.write(s.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void refusesExistingFilesInputsFoldersAndMissingParents() throws IOException {
    Path user = Files.writeString(dir.resolve("user.tsv"), "mine");
    IOException e =
        assertThrows(
            SafeFiles.Refused.class, () -> SafeFiles.write(user, false, List.of(), text("x")));
    assertTrue(e.getMessage().contains(user.toString()) && e.getMessage().contains("--force"));
    assertEquals("mine", Files.readString(user));
    SafeFiles.write(user, true, List.of(), text("new"));
    assertEquals("new", Files.readString(user));
    Path input = Files.writeString(dir.resolve("stack.tif"), "pixels");
    e =
        assertThrows(
            SafeFiles.Refused.class, () -> SafeFiles.write(input, true, List.of(input), text("x")));
    assertTrue(e.getMessage().contains("never overwrites an input"), e.getMessage());
    assertEquals("pixels", Files.readString(input));
    e =
        assertThrows(
            SafeFiles.Refused.class, () -> SafeFiles.write(dir, false, List.of(), text("x")));
    assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    Path orphan = dir.resolve("no/such/folder/r.tsv");
    e =
        assertThrows(
            SafeFiles.Refused.class, () -> SafeFiles.write(orphan, false, List.of(), text("x")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertEquals(List.of("stack.tif", "user.tsv"), names());
  }

  /** A full disk simulated through the seam: writes fail after {@code limit} bytes. */
  private static SafeFiles fullAfter(int limit) {
    return new SafeFiles(
        tmp ->
            new FilterOutputStream(Files.newOutputStream(tmp)) {
              int n;

              @Override
              public void write(int b) throws IOException {
                if (++n > limit) throw new IOException("No space left on device");
                super.write(b);
              }
            });
  }

  @Test
  void aFailedWriteNamesTheFileLeavesNoTraceAndKeepsTheOldFile() throws IOException {
    Path target = dir.resolve("results.tsv");
    try (SafeFiles.Pending p = fullAfter(10).open(target, false, List.of())) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> {
                try {
                  p.stream().write(new byte[100]);
                  p.commit();
                } catch (IOException x) {
                  throw p.failure(x);
                }
              });
      assertEquals("cannot write " + target + ": No space left on device", e.getMessage());
    }
    assertEquals(List.of(), names());
    Files.writeString(target, "old results");
    try (SafeFiles.Pending p = fullAfter(3).open(target, true, List.of())) {
      assertThrows(IOException.class, () -> p.stream().write(new byte[5]));
    }
    assertEquals("old results", Files.readString(target));
    assertEquals(List.of("results.tsv"), names());
  }

  @Test
  void aRealFullDiskIsReportedWithTheFileName() throws Exception {
    Path mnt = Files.createDirectory(dir.resolve("tiny"));
    assumeTrue(
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString())
                .redirectErrorStream(true)
                .start()
                .waitFor()
            == 0,
        "cannot mount a tmpfs here (not root): the seam test covers the full disk");
    try {
      Path target = mnt.resolve("results.tsv");
      IOException e =
          assertThrows(
              IOException.class,
              () -> SafeFiles.write(target, false, List.of(), o -> o.write(new byte[1 << 20])));
      assertTrue(e.getMessage().startsWith("cannot write " + target), e.getMessage());
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      try (Stream<Path> s = Files.list(mnt)) {
        assertEquals(0, s.count());
      }
      byte[] small = "ok\n".getBytes(StandardCharsets.UTF_8);
      SafeFiles.write(target, false, List.of(), o -> o.write(small));
      assertArrayEquals(small, Files.readAllBytes(target));
    } finally {
      new ProcessBuilder("umount", mnt.toString()).start().waitFor();
    }
  }

  @Test
  void runFoldersGoOnlyIntoNewOrEmptyFolders() throws IOException {
    SafeFiles.requireNewOrEmptyFolder(dir.resolve("a/b"));
    assertTrue(Files.isDirectory(dir.resolve("a/b")));
    SafeFiles.requireNewOrEmptyFolder(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/b/summary.txt"), "mine");
    IOException e =
        assertThrows(
            SafeFiles.Refused.class, () -> SafeFiles.requireNewOrEmptyFolder(dir.resolve("a/b")));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    assertFalse(Files.isDirectory(dir.resolve("a/b/stacks")));
  }
}
