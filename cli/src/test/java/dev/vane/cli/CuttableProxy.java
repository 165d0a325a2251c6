package dev.vane.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a loopback port to a real server, which a test can cut: every connection closes
 * and new ones are refused, as when the network or the server goes away. Lets a test put a child
 * program's sender out of reach while the test itself still talks to the server directly.
 */
final class CuttableProxy implements AutoCloseable {
  private volatile ServerSocket listener;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  CuttableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  /** The base URL that reaches the server through the relay. */
  String baseUrl() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  private void acceptLoop() {
    ServerSocket l = listener;
    while (!cut) {
      Socket client;
      try {
        client = l.accept();
      } catch (IOException e) {
        return; // cut: the listener is closed
      }
      try {
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        synchronized (this) {
          // A connection accepted while cut() ran would otherwise outlive the cut: it was not
          // in the list cut() closed.
          if (cut) {
            closeQuietly(client);
            closeQuietly(server);
            return;
          }
          open.add(client);
          open.add(server);
        }
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        closeQuietly(client); // the server is away: the client sees its connection close
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // the other side or the cut closed it
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Closes every connection and refuses new ones from now on. */
  void cut() {
    synchronized (this) {
      cut = true;
      closeQuietly(listener);
      open.forEach(CuttableProxy::closeQuietly);
      open.clear();
    }
  }

  /** Accepts connections again, on the same port, after {@link #cut()}. */
  void restore() throws IOException {
    int port = listener.getLocalPort();
    ServerSocket l = new ServerSocket();
    l.setReuseAddress(true);
    l.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    synchronized (this) {
      listener = l;
      cut = false;
    }
    Thread t = new Thread(this::acceptLoop, "proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }

  @Override
  public void close() {
    cut();
  }
}
