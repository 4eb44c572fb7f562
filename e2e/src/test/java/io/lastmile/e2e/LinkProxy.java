package io.lastmile.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between an agent and the control plane that can fail the way an edge link does:
 * {@link #stall()} stops moving bytes while both connections stay open (a stalled link: neither
 * side sees its stream end), {@link #cut()} closes every connection and refuses new ones (a broken
 * link), and {@link #heal()} restores it.
 */
final class LinkProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean stalled;
  private volatile boolean cut;
  private volatile boolean closed;

  LinkProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "link-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The address agents dial instead of the control plane's. */
  String address() {
    return "localhost:" + server.getLocalPort();
  }

  void stall() {
    stalled = true;
  }

  void cut() {
    cut = true;
    sockets.forEach(LinkProxy::closeQuietly);
    sockets.clear();
  }

  void heal() {
    cut = false;
    synchronized (gate) {
      stalled = false;
      gate.notifyAll();
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  awaitFlowing();
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // the link was cut or one side went away
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "link-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Holds bytes while the link is stalled; they flow on, in order, when it heals. */
  private void awaitFlowing() throws InterruptedException {
    synchronized (gate) {
      while (stalled && !closed) {
        gate.wait();
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    heal();
    server.close();
    sockets.forEach(LinkProxy::closeQuietly);
  }
}
