package org.fovea.ops;

/**
 * Relations between the labels of a label map (category {@link Category#RELATION}): touch, overlap
 * and distance matrices, neighbour counts and statistics over neighbours, and the meshes that draw
 * those graphs. Matrices follow CLIJ2's layout: a matrix image of (n+1)×(n+1) pixels for n labels,
 * where row and column 0 stand for the background; vectors are images of n+1 pixels in x, index =
 * label.
 */
public final class Relations {
  private Relations() {}
}
