package org.fovea.app;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.fovea.ops.OpDescriptor;
import org.fovea.ops.OpRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ops", description = "List the operation catalog (from the op descriptors).")
final class OpsCommand implements Callable<Integer> {
  @Option(names = "--signatures", description = "print each op's parameters with defaults")
  boolean signatures;

  @Override
  public Integer call() {
    System.out.println(
        String.format(Locale.ROOT, "%-34s %-26s %-6s %s", "op", "category", "dims", "description"));
    for (OpDescriptor d : OpRegistry.all()) {
      System.out.println(
          String.format(
              Locale.ROOT,
              "%-34s %-26s %-6s %s",
              d.name(),
              d.category().title(),
              d.dimensionsLabel(),
              d.doc()));
      if (signatures) System.out.println("    " + d.signature());
    }
    System.out.println(OpRegistry.all().size() + " ops");
    return 0;
  }
}
