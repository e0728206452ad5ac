package org.fovea.ops;

/** Ops of this group; see {@link OpRegistry}. */
public final class Spots {
  private Spots() {}
}
