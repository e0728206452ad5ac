package org.fovea.app;

import java.util.concurrent.Callable;
import org.fovea.core.FoveaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fovea} command. Subcommands are listed in {@link #SUBCOMMANDS}. */
@Command(
    name = "fovea",
    mixinStandardHelpOptions = true,
    version = "Fovea 0.1.0",
    description = "GPU-accelerated, real-time image analysis for smart microscopy.")
public final class FoveaCli implements Callable<Integer> {
  /** Every subcommand class; each is a picocli {@code @Command}. */
  static final Class<?>[] SUBCOMMANDS = {
    DevicesCommand.class,
    CountSpotsCommand.class,
    OpsCommand.class,
    DocsCommand.class,
    MacroCommand.class,
    DemoCommand.class,
    ScopeCommand.class,
    DashboardCommand.class,
    BenchCommand.class,
  };

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new FoveaCli());
    for (Class<?> c : SUBCOMMANDS) {
      CommandLine sub = new CommandLine(c);
      if (sub.getCommandSpec().optionsMap().get("--help") == null) {
        sub.getCommandSpec()
            .addOption(
                CommandLine.Model.OptionSpec.builder("-h", "--help")
                    .usageHelp(true)
                    .description("Show this help message and exit.")
                    .build());
      }
      cl.addSubcommand(sub);
    }
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          if (ex instanceof FoveaException) {
            cmd.getErr().println("fovea: " + ex.getMessage());
            return 2;
          }
          throw ex;
        });
    return cl;
  }

  /** Runs the CLI and returns the exit code (for tests). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "fovea: %4$s: %5$s%6$s%n");
    }
    int code = run(args);
    System.exit(code);
  }
}
