package org.ostshare.jobs.cli;

import org.ostshare.common.error.OstshareException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code ostshare} command line. {@code main} only parses; each subcommand calls its job's
 * {@code run}.
 *
 * <p>Exit codes: 0 success; 1 unexpected internal error; 2 usage error; 3 settings; 4 agreement or
 * partner registry; 5 input; 6 data-quality gate; 7 privacy check; 8 refused.
 */
@Command(
    name = "ostshare",
    mixinStandardHelpOptions = true,
    versionProvider = Ostshare.Version.class,
    description = "Share district student data safely with out-of-school-time partners.",
    subcommands = {
      CommandLine.HelpCommand.class,
      GenerateCommand.class,
      DemoCommand.class,
      RunCommand.class,
      IngestCommand.class,
      ValidateCommand.class,
      ClusterCheckCommand.class,
      PublishCommands.Publish.class,
      PublishCommands.Explain.class,
      PublishCommands.ListDisclosures.class,
      PublishCommands.Purge.class,
      PublishCommands.Validate.class,
      AnalyseCommand.class,
      AggregateCommand.class,
    })
public final class Ostshare implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Ostshare.class);

  @Option(
      names = "--debug",
      description = "Print stack traces of failures.",
      scope = CommandLine.ScopeType.INHERIT)
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Ostshare());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean debug = parseResult.hasMatchedOption("--debug");
          if (e instanceof OstshareException oe) {
            commandLine.getErr().println("ostshare: " + oe.getMessage());
            if (debug && oe.getCause() != null) {
              oe.getCause().printStackTrace(commandLine.getErr());
            }
            return oe.exitCode();
          }
          commandLine
              .getErr()
              .println(
                  "ostshare: internal error: "
                      + e
                      + (debug
                          ? ""
                          : "\n  Run again with --debug for the stack trace, and report it."));
          if (debug) {
            e.printStackTrace(commandLine.getErr());
          } else {
            LOG.debug("internal error", e);
          }
          return 1;
        });
    return cli;
  }

  /** Reports the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Ostshare.class.getPackage().getImplementationVersion();
      return new String[] {"ostshare " + (v == null ? "(development build)" : v)};
    }
  }
}
