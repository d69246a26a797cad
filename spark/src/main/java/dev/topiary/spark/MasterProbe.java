package dev.topiary.spark;

import dev.topiary.core.BadInputException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks that a standalone master ({@code spark://HOST:PORT}, or {@code spark://H1:P1,H2:P2} for
 * several masters) answers before Spark starts: Spark's standalone client keeps retrying to
 * register with a master that does not answer before it gives up, so without this a typo in the
 * URL would hold the command for a long time (not measured here). Each host is resolved and a TCP connection is opened with a timeout of
 * {@link #TIMEOUT_MILLIS}; one answering master is enough. Other masters ({@code local[…]},
 * {@code yarn}, …) are left to Spark.
 */
final class MasterProbe {

  /** How long one connection attempt may take. */
  static final int TIMEOUT_MILLIS = 3000;

  private MasterProbe() {}

  /**
   * Returns if {@code master} is not a {@code spark://} URL or one of its masters accepts a
   * connection.
   *
   * @throws BadInputException naming each master and why it cannot be reached, or what is wrong with the URL
   */
  static void check(String master) throws BadInputException {
    if (master == null || !master.toLowerCase(Locale.ROOT).startsWith("spark://")) {
      return;
    }
    String hosts = master.substring("spark://".length());
    List<String> reasons = new ArrayList<>();
    for (String hostPort : hosts.split(",")) {
      int colon = hostPort.lastIndexOf(':');
      int port = -1;
      if (colon > 0) {
        try {
          port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (port < 1 || port > 65535) {
        throw new BadInputException("--master " + master + ": expected spark://HOST:PORT (e.g. spark://host:7077), "
            + "got '" + hostPort + "'");
      }
      String host = hostPort.substring(0, colon);
      String reason = reach(host, port);
      if (reason == null) {
        return;
      }
      reasons.add(host + ":" + port + " " + reason);
    }
    throw new BadInputException("cannot reach the Spark master " + master + ": " + String.join("; ", reasons)
        + "; start the master (sbin/start-master.sh) or check the URL, or give --master local[N] to run embedded");
  }

  /** Null if {@code host:port} accepts a TCP connection, else why not. */
  private static String reach(String host, int port) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return "does not resolve (unknown host)";
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
      return null;
    } catch (SocketTimeoutException e) {
      return "did not answer within " + TIMEOUT_MILLIS / 1000 + " s";
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return "refused the connection (" + message.toLowerCase(Locale.ROOT) + ")";
    }
  }
}
