package org.ostshare.jobs.cli;

import picocli.CommandLine;

/** Lets tests in other packages build the configured command line. */
public final class OstshareAccess {
  private OstshareAccess() {}

  public static CommandLine commandLine() {
    return Ostshare.commandLine();
  }
}
