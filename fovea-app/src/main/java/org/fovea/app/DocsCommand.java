package org.fovea.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fovea.ops.ReferenceDocs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "docs",
    description = "Regenerate the op reference (docs/reference/) from the op descriptors.")
final class DocsCommand implements Callable<Integer> {
  @Option(names = "--out", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out = Path.of("docs", "reference");

  @Override
  public Integer call() throws Exception {
    int n = ReferenceDocs.write(out).size();
    System.out.println("wrote " + n + " pages to " + out);
    return 0;
  }
}
