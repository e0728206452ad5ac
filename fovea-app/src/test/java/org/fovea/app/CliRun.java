package org.fovea.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the {@code fovea} command with its exit code and captured output. */
record CliRun(int code, String out, String err) {
  /**
   * Runs {@code fovea args...}, capturing stdout and stderr (echoed afterwards for the test log).
   */
  static CliRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = FoveaCli.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    CliRun r =
        new CliRun(
            code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    oldOut.print(r.out());
    oldErr.print(r.err());
    return r;
  }
}
