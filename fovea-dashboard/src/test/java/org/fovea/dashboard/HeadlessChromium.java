package org.fovea.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fovea.scope.Json;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven through its DevTools protocol over
 * the JDK's WebSocket client: no Selenium, no driver download. Opens one page; {@link #eval}
 * evaluates JavaScript in it; {@link #screenshot} saves a PNG.
 */
final class HeadlessChromium implements AutoCloseable {
  private final Process proc;
  private final Path profile;
  private final WebSocket ws;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending =
      new ConcurrentHashMap<>();

  /** The browser executable: $FOVEA_CHROMIUM, else chromium or chromium-browser on the PATH. */
  static String executable() {
    String env = System.getenv("FOVEA_CHROMIUM");
    if (env != null && !env.isBlank()) return env;
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      for (String n : List.of("chromium", "chromium-browser")) {
        if (Files.isExecutable(Path.of(dir, n))) return Path.of(dir, n).toString();
      }
    }
    return null;
  }

  HeadlessChromium(String url, int width, int height) throws Exception {
    String exe = executable();
    if (exe == null) {
      throw new IllegalStateException(
          "no chromium on the PATH: the browser test needs Debian's chromium (./fovea test installs"
              + " it as root; else: sudo apt-get install chromium), or FOVEA_CHROMIUM=/path");
    }
    profile = Files.createTempDirectory("fovea-chromium");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                exe,
                "--headless",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--force-device-scale-factor=" + System.getProperty("fovea.scale", "1")));
    if ("root".equals(System.getProperty("user.name"))) cmd.add("--no-sandbox");
    cmd.add(url);
    proc = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String browserWs = null;
    BufferedReader err =
        new BufferedReader(new InputStreamReader(proc.getErrorStream(), StandardCharsets.UTF_8));
    long end = System.currentTimeMillis() + 60_000;
    StringBuilder seen = new StringBuilder();
    while (System.currentTimeMillis() < end) {
      String line = err.readLine();
      if (line == null) break;
      seen.append(line).append('\n');
      int i = line.indexOf("ws://");
      if (line.contains("DevTools listening on") && i >= 0) {
        browserWs = line.substring(i).trim();
        break;
      }
    }
    if (browserWs == null) {
      proc.destroyForcibly();
      throw new IllegalStateException("chromium did not start its DevTools endpoint:\n" + seen);
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (err.readLine() != null) {
                  // chromium's own warnings (dbus etc.) are not ours
                }
              } catch (IOException e) {
                // exited
              }
            },
            "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    URI b = URI.create(browserWs);
    HttpClient http = HttpClient.newHttpClient();
    String pageWs = null;
    while (pageWs == null && System.currentTimeMillis() < end) {
      String list =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://" + b.getHost() + ":" + b.getPort() + "/json/list"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (Object o : (List<?>) Json.parse(list)) {
        if (o instanceof Map<?, ?> t && "page".equals(t.get("type"))) {
          pageWs = (String) t.get("webSocketDebuggerUrl");
        }
      }
      if (pageWs == null) Thread.sleep(100);
    }
    if (pageWs == null) throw new IllegalStateException("chromium opened no page");
    ws =
        http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .buildAsync(URI.create(pageWs), new Listener())
            .get(30, TimeUnit.SECONDS);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buf = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      buf.append(data);
      if (last) {
        String msg = buf.toString();
        buf.setLength(0);
        if (Json.parse(msg) instanceof Map<?, ?> m && m.get("id") instanceof Number id) {
          @SuppressWarnings("unchecked")
          Map<String, Object> mm = (Map<String, Object>) m;
          CompletableFuture<Map<String, Object>> f = pending.remove(id.intValue());
          if (f != null) f.complete(mm);
        }
      }
      w.request(1);
      return null;
    }
  }

  /** Sends one DevTools command and waits for its result. */
  Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
    pending.put(id, f);
    String msg =
        Json.write(Map.of("id", (double) id, "method", method, "params", params)).replace("\n", "");
    ws.sendText(msg, true).get(10, TimeUnit.SECONDS);
    Map<String, Object> r = f.get(60, TimeUnit.SECONDS);
    if (r.get("error") != null) throw new IllegalStateException(method + ": " + r.get("error"));
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) r.get("result");
    return result;
  }

  /** Evaluates {@code js} in the page; returns its value (numbers as Double), or null. */
  Object eval(String js) throws Exception {
    Map<String, Object> r =
        call("Runtime.evaluate", Map.of("expression", js, "returnByValue", true));
    if (r.get("exceptionDetails") != null) {
      throw new IllegalStateException("page script failed: " + r.get("exceptionDetails"));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> res = (Map<String, Object>) r.get("result");
    return res == null ? null : res.get("value");
  }

  /** Saves a PNG of the whole page. */
  void screenshot(Path png) throws Exception {
    Map<String, Object> r =
        call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode((String) r.get("data")));
  }

  @Override
  public void close() throws Exception {
    try {
      if (ws != null) ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    // Chromium's helper processes (zygote, GPU, network) keep writing into the profile after the
    // browser process exits: stop the whole tree, then remove the profile, retrying while files
    // still appear or vanish under the walk
    List<ProcessHandle> helpers = proc.descendants().toList();
    proc.destroy();
    helpers.forEach(ProcessHandle::destroy);
    if (!proc.waitFor(10, TimeUnit.SECONDS)) proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    for (ProcessHandle h : helpers) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    for (int attempt = 0; attempt < 10 && Files.exists(profile); attempt++) {
      try (var s = Files.walk(profile)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        Thread.sleep(200); // a file appeared or vanished during the walk: walk again
      }
    }
  }
}
