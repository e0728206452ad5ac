package org.fovea.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fovea.scope.StackAnalysis;

/**
 * The dashboard's read-only HTTP server (the JDK's {@code com.sun.net.httpserver}): the page, its
 * script and the chart library (uPlot from its WebJar, no CDN), the JSON views and a server-sent
 * event stream that pushes what changed at most {@link #PUSH_INTERVAL_MS} apart (one message with
 * every new row and decision since the last), and the projection PNG, encoded only when asked for
 * and at most every {@link #PROJECTION_INTERVAL_MS}. Only GET and HEAD are answered; nothing here
 * can change the experiment.
 *
 * <pre>
 * /                     the page
 * /api/measurements     {"columns": [...], "rows": [[...], ...]}
 * /api/decisions        [{"time_point", "hours", "rule", "transition", "action", ...}, ...]
 * /api/status           counts, disk, interval, timings, late cause, device, log tail
 * /api/projection.png   the latest cylinder projection with its spots (404 before the first)
 * /api/events           text/event-stream: "update" events with the new rows, decisions, status
 * </pre>
 */
public final class DashboardServer implements AutoCloseable {
  /** The shortest time between two pushes to one page. */
  public static final long PUSH_INTERVAL_MS = 2000;

  /**
   * The projection PNG is encoded only when a page asks for it, and at most this often: between two
   * encodings every request gets the cached one (its time point in {@code X-Fovea-Time-Point}).
   */
  public static final long PROJECTION_INTERVAL_MS = 2000;

  /** At most this many pages may hold an event stream at once. */
  public static final int MAX_STREAMS = 16;

  static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private final DashboardState state;
  private final HttpServer server;
  private final ExecutorService pool;
  private final AtomicInteger streams = new AtomicInteger();
  private volatile boolean closing;
  private final Object pngLock = new Object();
  private StackAnalysis.Projection pngOf;
  private byte[] png;
  private long pngAt; // System.nanoTime() of the last encoding
  volatile long projectionIntervalMs = PROJECTION_INTERVAL_MS; // tests change it

  private DashboardServer(DashboardState state, HttpServer server) {
    this.state = state;
    this.server = server;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            2,
            MAX_STREAMS + 4,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "fovea-dashboard-" + n.incrementAndGet());
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  /**
   * Starts serving {@code state} on {@code bind}:{@code port} (port 0 = any free port).
   *
   * @throws IOException when the address cannot be bound (the message names it)
   */
  public static DashboardServer start(DashboardState state, String bind, int port)
      throws IOException {
    InetSocketAddress addr = new InetSocketAddress(InetAddress.getByName(bind), port);
    HttpServer s;
    try {
      s = HttpServer.create(addr, 16);
    } catch (IOException e) {
      throw new IOException(
          "dashboard: cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")", e);
    }
    DashboardServer d = new DashboardServer(state, s);
    s.start();
    return d;
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The page's address. */
  public String url() {
    InetSocketAddress a = server.getAddress();
    String host =
        a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    if (host.contains(":")) host = "[" + host + "]";
    return "http://" + host + ":" + a.getPort() + "/";
  }

  @Override
  public void close() {
    closing = true;
    server.stop(0);
    pool.shutdownNow();
  }

  // ------------------------------------------------------------------ routing

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        text(ex, 405, "the dashboard is read-only: only GET and HEAD\n");
        return;
      }
      String path = ex.getRequestURI().getPath();
      switch (path) {
        case "/", "/index.html" -> resource(ex, "index.html", "text/html; charset=utf-8");
        case "/dashboard.js" -> resource(ex, "dashboard.js", "text/javascript; charset=utf-8");
        case "/dashboard.css" -> resource(ex, "dashboard.css", "text/css; charset=utf-8");
        case "/uplot/uPlot.iife.min.js" ->
            classpath(ex, UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
        case "/uplot/uPlot.min.css" -> classpath(ex, UPLOT + "uPlot.min.css", "text/css");
        case "/api/measurements" -> json(ex, state.measurementsJson());
        case "/api/decisions" -> json(ex, state.decisionsJson());
        case "/api/status" -> json(ex, state.statusJson());
        case "/api/projection.png" -> projection(ex);
        case "/api/events" -> events(ex);
        default -> text(ex, 404, "not found: " + path + "\n");
      }
    } catch (IOException e) {
      // the browser went away
    }
  }

  private static void send(HttpExchange ex, int code, String type, byte[] body, boolean cache)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Cache-Control", cache ? "max-age=3600" : "no-store");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
  }

  private static void text(HttpExchange ex, int code, String s) throws IOException {
    send(ex, code, "text/plain; charset=utf-8", s.getBytes(StandardCharsets.UTF_8), false);
  }

  private static void json(HttpExchange ex, String s) throws IOException {
    send(ex, 200, "application/json", s.getBytes(StandardCharsets.UTF_8), false);
  }

  private void resource(HttpExchange ex, String name, String type) throws IOException {
    classpath(ex, "org/fovea/dashboard/" + name, type);
  }

  private static void classpath(HttpExchange ex, String name, String type) throws IOException {
    try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        text(ex, 500, "missing resource " + name + " (broken installation)\n");
        return;
      }
      send(ex, 200, type, in.readAllBytes(), name.contains("webjars"));
    }
  }

  private void projection(HttpExchange ex) throws IOException {
    StackAnalysis.Projection p = state.projection();
    if (p == null) {
      text(ex, 404, "no projection yet\n");
      return;
    }
    byte[] bytes;
    int timePoint;
    synchronized (pngLock) {
      long now = System.nanoTime();
      if (png == null || (pngOf != p && now - pngAt >= projectionIntervalMs * 1_000_000)) {
        png = ProjectionPng.render(p);
        pngOf = p;
        pngAt = now;
      }
      bytes = png;
      timePoint = pngOf.timePoint();
    }
    ex.getResponseHeaders().set("X-Fovea-Time-Point", Integer.toString(timePoint));
    send(ex, 200, "image/png", bytes, false);
  }

  // ------------------------------------------------------------------ server-sent events

  private void events(HttpExchange ex) throws IOException {
    if (streams.incrementAndGet() > MAX_STREAMS) {
      streams.decrementAndGet();
      text(ex, 503, "too many open dashboard pages (" + MAX_STREAMS + ")\n");
      return;
    }
    state.pagesOpen.incrementAndGet();
    try {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      int gen = -1;
      int columns = -1;
      int sentRows = 0;
      long sentDecisions = 0;
      long seen = -1;
      long lastWrite = 0;
      while (!closing) {
        long v = state.awaitChange(seen, 15_000);
        if (closing) break;
        long now = System.currentTimeMillis();
        if (v == seen) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          lastWrite = now;
          continue;
        }
        long wait = lastWrite + PUSH_INTERVAL_MS - now;
        if (wait > 0) {
          Thread.sleep(wait);
          v = state.version();
        }
        seen = v;
        StringBuilder b = new StringBuilder(4096);
        int g = state.generation();
        int nc = state.columns().size();
        boolean reset = g != gen || nc != columns;
        if (reset) {
          sentRows = 0;
          gen = g;
          columns = nc;
        }
        b.append("event: update\ndata: {\"reset\":").append(reset);
        if (reset) {
          b.append(",\"columns\":");
          JsonOut.strings(b, state.columns());
        }
        b.append(",\"from\":").append(sentRows).append(",\"rows\":");
        int rows = state.rowsJson(b, sentRows);
        b.append(",\"decisions\":");
        long decisions = state.decisionsJson(b, reset ? 0 : sentDecisions);
        b.append(",\"status\":").append(state.statusJson()).append("}\n\n");
        sentRows = rows;
        sentDecisions = decisions;
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        lastWrite = System.currentTimeMillis();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      streams.decrementAndGet();
      state.pagesOpen.decrementAndGet();
    }
  }

  /** For tests: how many pages hold an event stream now. */
  int openStreams() {
    return streams.get();
  }
}
