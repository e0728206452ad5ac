package org.fovea.bench.jmh;

import org.fovea.core.Gpu;

final class JmhSupport {
  private JmhSupport() {}

  static Gpu open() {
    return Gpu.open(System.getProperty("fovea.device", ""));
  }

  /** "2048x2048" → {2048, 2048, 1}; "1024x1024x32" → {1024, 1024, 32}. */
  static int[] shape(String s) {
    String[] p = s.split("x");
    return new int[] {
      Integer.parseInt(p[0]), Integer.parseInt(p[1]), p.length > 2 ? Integer.parseInt(p[2]) : 1
    };
  }
}
