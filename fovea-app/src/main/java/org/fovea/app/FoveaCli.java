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
    SegmentCommand.class,
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
          String name = cmd.getCommandName();
          String who = "fovea".equals(name) ? "fovea: " : "fovea: " + name + ": ";
          if (ex instanceof FoveaException) {
            cmd.getErr().println(who + ex.getMessage());
            return 2;
          }
          if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
            // file problems: the message names the file (java.nio puts the path first)
            cmd.getErr().println(who + describe(ex));
            return 4;
          }
          // anything else is a bug of ours: one line, the trace only on request
          cmd.getErr()
              .println(
                  who
                      + "internal error: "
                      + ex.getClass().getSimpleName()
                      + ": "
                      + describe(ex)
                      + (System.getenv("FOVEA_DEBUG") == null
                          ? " (set FOVEA_DEBUG=1 to see the stack trace)"
                          : ""));
          if (System.getenv("FOVEA_DEBUG") != null) ex.printStackTrace(cmd.getErr());
          return 1;
        });
    return cl;
  }

  /** An exception in words: its message, with the kind of I/O error where the message is a path. */
  static String describe(Throwable ex) {
    Throwable e =
        ex instanceof java.io.UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
    String m = e.getMessage();
    String kind =
        e instanceof java.nio.file.NoSuchFileException
            ? "no such file or folder"
            : e instanceof java.nio.file.AccessDeniedException
                ? "permission denied"
                : e instanceof java.nio.file.FileAlreadyExistsException
                    ? "already exists"
                    : e instanceof java.nio.file.NotDirectoryException
                        ? "not a folder"
                        : e instanceof java.nio.file.DirectoryNotEmptyException
                            ? "folder not empty"
                            : null;
    if (m == null || m.isBlank()) return kind != null ? kind : e.getClass().getSimpleName();
    return kind != null ? m + ": " + kind : m;
  }

  /** Runs the CLI and returns the exit code (for tests). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static void main(String[] args) {
    org.fovea.core.ConsoleLog.useShortFormat();
    int code = run(args);
    System.exit(code);
  }
}
