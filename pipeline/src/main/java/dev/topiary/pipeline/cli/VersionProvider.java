package dev.topiary.pipeline.cli;

import dev.topiary.pipeline.report.Provenance;
import picocli.CommandLine;

/** {@code --version}: Topiary's version, the JVM and the OS. */
public final class VersionProvider implements CommandLine.IVersionProvider {

  /** The lines {@code --version} prints. */
  @Override
  public String[] getVersion() {
    return new String[] {
        "topiary " + Provenance.currentTopiaryVersion(),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
            + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
  }
}
