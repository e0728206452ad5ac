package org.fovea.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 7: a damaged kernel binary in the disk cache must never reach the driver (PoCL
 * aborts the JVM on one). The end-to-end part runs in child JVMs, so that a regression fails this
 * test instead of killing the test run.
 */
class KernelCacheTest {
  @TempDir Path cache;

  record Child(int code, String out) {}

  private Child child() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KernelCacheChild.class.getName())
            .redirectErrorStream(true)
            .directory(cache.toFile());
    pb.environment().put("FOVEA_CACHE_DIR", cache.toString());
    pb.environment().remove("FOVEA_KERNEL_CACHE");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Child(p.exitValue(), out);
  }

  private List<Path> entries() throws Exception {
    try (Stream<Path> s = Files.list(cache.resolve("kernels"))) {
      return s.toList();
    }
  }

  @Test
  void aDamagedEntryIsDiscardedAndRebuiltNeverHandedToTheDriver() throws Exception {
    Child first = child();
    assertEquals(0, first.code(), first.out());
    assertTrue(first.out().contains("value 3.5 compiled 1 disk 0"), first.out());
    List<Path> bins = entries();
    assertEquals(1, bins.size(), bins.toString());
    Path bin = bins.get(0);
    byte[] good = Files.readAllBytes(bin);
    // truncated in the middle of the binary: before the fix, PoCL aborted the JVM here
    Files.write(bin, Arrays.copyOf(good, good.length / 2));
    Child cut = child();
    assertEquals(0, cut.code(), cut.out());
    assertTrue(cut.out().contains("value 3.5 compiled 1 disk 0"), cut.out());
    assertTrue(cut.out().contains("discarded damaged entry " + bin), cut.out());
    assertEquals(1, cut.out().lines().filter(l -> l.contains("kernel cache")).count(), cut.out());
    assertFalse(Files.list(cache).anyMatch(p -> p.getFileName().toString().startsWith("hs_err")));
    // rebuilt and stored again: the next run loads it, silently
    Child again = child();
    assertEquals(0, again.code(), again.out());
    assertTrue(again.out().contains("value 3.5 compiled 0 disk 1"), again.out());
    assertFalse(again.out().contains("kernel cache"), again.out());
  }

  @Test
  void onlyEntriesWhoseLengthAndChecksumMatchAreAccepted() throws Exception {
    byte[] bin = new byte[1000];
    for (int i = 0; i < bin.length; i++) bin[i] = (byte) (i * 7);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(48 + bin.length);
    b.put("FOVEAKB1".getBytes(StandardCharsets.US_ASCII)).putLong(bin.length);
    b.put(java.security.MessageDigest.getInstance("SHA-256").digest(bin)).put(bin);
    byte[] entry = b.array();
    Path f = cache.resolve("e.bin");
    Files.write(f, entry);
    assertTrue(Arrays.equals(bin, ProgramCache.verified(f)));
    for (int cut : new int[] {0, 7, 8, 16, 47, 48, 500, entry.length - 1}) {
      Files.write(f, Arrays.copyOf(entry, cut));
      assertNull(ProgramCache.verified(f), "cut at " + cut);
      assertFalse(Files.exists(f), "a bad entry is deleted");
    }
    byte[] flipped = entry.clone();
    flipped[600] ^= 1;
    Files.write(f, flipped);
    assertNull(ProgramCache.verified(f));
    Files.write(f, bin); // an entry of the old format: a raw binary
    assertNull(ProgramCache.verified(f));
  }
}
