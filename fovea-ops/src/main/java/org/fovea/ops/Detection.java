package org.fovea.ops;

import java.util.Arrays;
import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/** Spot detection: local maxima in a box, and ImageJ's "Find Maxima" with a prominence. */
public final class Detection {
  private Detection() {}

  private static final String CL = "spots.cl";

  private static final String BOX_NOTES =
      "CLIJ2 2.5.3.1's rule (measured by running CLIJ2 in the same JVM at radii 0, 1, 2 and"
          + " mixed radii on images with plateaus): it is detectMaximaBox with a radius per axis."
          + " (1) A float32 box mean of radius radiusX along x, then radiusY along y(, then radiusZ"
          + " along z), each pass summing the clamped line and dividing by its length; radius 0"
          + " leaves an axis as it is. (2) Only the 3×3(×3) neighbourhood of that mean decides,"
          + " whatever the radii: a pixel is marked when no neighbour is greater and no equal"
          + " neighbour lies at dx = −1, or at dx = 0 and dy = −1, or at dx = dy = 0 and dz = −1"
          + " (one point per small plateau; a larger plateau may give several). So radius 0 is"
          + " the local maximum of the image itself, not every pixel. Output uint8 0/1 unless a"
          + " destination of another type is given. CLIJ2 2.5.3.1 allocates its result with the"
          + " source's type (the same 0/1 values); Fovea allocates uint8, as for its other binary"
          + " results (a quarter of a float32 image's memory): pass a destination of the source's"
          + " type to get CLIJ2's type.";

  @Op(
      name = "detectMaxima2DBox",
      category = Category.DETECTION,
      doc =
          "uint8 0/1 image: 1 at the local maxima (3×3) of the image's box mean of radius"
              + " (radiusX, radiusY), as CLIJ2.",
      dimensions = {2},
      kernels = CL,
      tolerance = "exact: identical to CLIJ2 2.5.3.1 (tested at radii 0, 1, 2 and mixed radii)",
      border =
          "neighbours with a negative coordinate are skipped; beyond the far edge the edge pixel"
              + " is read (CLIJ2's clamp-to-edge sampler)",
      notes = BOX_NOTES)
  public static GpuImage detectMaxima2DBox(
      GpuImage src,
      @Out(type = "uint8") GpuImage dst,
      @Param(value = "1", doc = "radius of the box mean along X (≥ 0)") int radiusX,
      @Param(value = "1", doc = "radius of the box mean along Y (≥ 0)") int radiusY) {
    OpSupport.require2D("detectMaxima2DBox", "src", src);
    return detect("detectMaxima2DBox", src, dst, radiusX, radiusY, 0);
  }

  @Op(
      name = "detectMaxima3DBox",
      category = Category.DETECTION,
      doc =
          "uint8 0/1 image: 1 at the local maxima (3×3×3) of the image's box mean of radius"
              + " (radiusX, radiusY, radiusZ), as CLIJ2.",
      dimensions = {3},
      kernels = CL,
      tolerance = "exact: identical to CLIJ2 2.5.3.1 (tested at radii 0, 1, 2 and mixed radii)",
      border =
          "neighbours with a negative coordinate are skipped; beyond the far edge the edge voxel"
              + " is read (CLIJ2's clamp-to-edge sampler)",
      notes = BOX_NOTES)
  public static GpuImage detectMaxima3DBox(
      GpuImage src,
      @Out(type = "uint8") GpuImage dst,
      @Param(value = "1", doc = "radius of the box mean along X (≥ 0)") int radiusX,
      @Param(value = "1", doc = "radius of the box mean along Y (≥ 0)") int radiusY,
      @Param(value = "1", doc = "radius of the box mean along Z (≥ 0)") int radiusZ) {
    OpSupport.require3D("detectMaxima3DBox", "src", src);
    return detect("detectMaxima3DBox", src, dst, radiusX, radiusY, radiusZ);
  }

  private static GpuImage detect(String op, GpuImage src, GpuImage dst, int rx, int ry, int rz) {
    OpSupport.requireNonNegative(op, "radiusX", rx);
    OpSupport.requireNonNegative(op, "radiusY", ry);
    OpSupport.requireNonNegative(op, "radiusZ", rz);
    dst = OpSupport.outputNotInPlace(op, src, dst, PixelType.UINT8);
    int[] radii = src.is3D() ? new int[] {rx, ry, rz} : new int[] {rx, ry};
    return meanOptima(src, dst, radii, false);
  }

  /** The members of the CLIJ2-compatible optimum family: detectMaximaBox, detectMinimaBox. */
  public enum Optima implements OpVariant {
    @Doc("maxima")
    Maxima,
    @Doc("minima")
    Minima;
  }

  @Op(
      name = "detect{}Box",
      category = Category.DETECTION,
      doc =
          "CLIJ2's detect{}Box: a box mean of the given radius, then 1 at the local {doc} of that"
              + " mean in 3×3 (3D: 3×3×3) neighbourhoods (one point per small plateau), else 0.",
      kernels = CL,
      tolerance =
          "exact: identical to CLIJ2 2.5.3.1 (tested on coarse blob images in 2D and 3D, uint8 and"
              + " float32); every type against the CPU reference",
      border =
          "neighbours with a negative coordinate are skipped; beyond the far edge (x = w, y = h,"
              + " z = d) the edge pixel is read (CLIJ2's clamp-to-edge sampler)",
      notes =
          "Same steps as CLIJ2 2.5.3.1 (whose detect{}2DBox and detect{}3DBox call it too): (1)"
              + " a float32 box mean of radius `radius` along x, then y, then z (3D; for minima CLIJ2"
              + " leaves z out, and so does this op), each pass"
              + " summing the 2·radius + 1 clamped pixels in float and dividing by the count;"
              + " radius 0 keeps the values (as float32). (2) Only the 3×3(×3) neighbourhood of"
              + " that mean decides, whatever the radius: its pixels are visited with x slowest"
              + " and z fastest, each offset from −1 to 1; a running best starts at the pixel's"
              + " value ∓ 1 and is replaced by a strictly better value; the pixel is marked when it"
              + " was the last replacement. So a pixel with an equal neighbour at dx = −1, or at"
              + " dx = 0 and dy = −1, or at dx = dy = 0 and dz = −1, is not marked (one point per"
              + " small plateau). The output has the source type (as CLIJ2), values 0 and 1."
              + " detectMaxima2DBox / detectMaxima3DBox take a radius per axis.")
  public static GpuImage detectOptimaBox(
      Optima which,
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "1", doc = "radius of the box mean (≥ 0)") int radius) {
    String op = "detect" + which.name() + "Box";
    OpSupport.requireNotNull(op, "src", src);
    OpSupport.requireNonNegative(op, "radius", radius);
    dst = OpSupport.outputLike(op, src, dst);
    OpSupport.requireNotSame(op, src, dst);
    // CLIJ2 2.5.3.1 means minima over x and y only (radius 0 along z)
    int rz = which == Optima.Minima ? 0 : radius;
    int[] radii = src.is3D() ? new int[] {radius, radius, rz} : new int[] {radius, radius};
    return meanOptima(src, dst, radii, which == Optima.Minima);
  }

  /** Box mean of {@code radii} (float32), then the 3×3(×3) optimum scan into {@code dst}. */
  private static GpuImage meanOptima(GpuImage src, GpuImage dst, int[] radii, boolean minima) {
    Gpu gpu = src.gpu();
    try (GpuImage mean = gpu.createLike(src, PixelType.FLOAT32)) {
      Filters.separable(
          src,
          mean,
          radii,
          PixelType.FLOAT32,
          (in, out, axis, last) ->
              Geometry.launch(
                  OpSupport.kernel(gpu, CL, "line_mean")
                      .image("src", in)
                      .image("dst", out)
                      .arg("radius", radii[axis])
                      .arg("axis", axis)
                      .size(in),
                  in));
      Geometry.launch(
          OpSupport.kernel(gpu, CL, "optimum_scan")
              .image("src", mean)
              .image("dst", dst)
              .arg("minima", minima ? 1 : 0)
              .size(mean),
          mean);
    }
    return dst;
  }

  // ------------------------------------------------------------------------------ findMaxima

  private static final String FIND_MAXIMA_NOTES =
      "Same semantics as ImageJ's Process > Find Maxima (MaximumFinder.findMaxima with"
          + " NO_THRESHOLD, SINGLE_POINTS, excludeOnEdges=false, i.e. not 'strict', not EDM):"
          + " candidates are pixels with no strictly higher 8-neighbour (computed on the GPU); the"
          + " image and the candidate mask are then pulled and, from the highest candidate down,"
          + " each one floods its 8-connected region of pixels ≥ v0 − prominence; a candidate is a"
          + " maximum unless that region reaches a higher pixel or one claimed by a higher"
          + " maximum. A plateau gives one point: its pixel nearest to the plateau's centroid."
          + " Candidates are ordered like ImageJ (value quantised to 2e9 levels over the image"
          + " range, ties by pixel index). The flooding runs on the host (it is sequential); it"
          + " takes a few ms for a 1000×360 image. Values are compared as float32, so uint32"
          + " values above 2^24 lose precision.";

  @Op(
      name = "findMaxima",
      category = Category.DETECTION,
      doc =
          "ImageJ 'Find Maxima' with a prominence (noise tolerance): a uint8 image with 1 at one"
              + " point per maximum.",
      dimensions = {2},
      kernels = CL,
      tolerance =
          "the same points as ImageJ 1.54p MaximumFinder (tested on float and 16-bit images,"
              + " plateaus included: equal counts and identical positions)",
      imagej = "Process > Find Maxima… (prominence, output Single Points, not strict)",
      notes = FIND_MAXIMA_NOTES)
  public static GpuImage findMaxima(
      GpuImage src,
      @Out(type = "uint8") GpuImage dst,
      @Param(value = "10", doc = "prominence (noise tolerance), ≥ 0") double prominence) {
    OpSupport.require2D("findMaxima", "src", src);
    OpSupport.requireNonNegative("findMaxima", "prominence", prominence);
    dst = OpSupport.outputNotInPlace("findMaxima", src, dst, PixelType.UINT8);
    if (dst.type() != PixelType.UINT8) {
      throw new FoveaException.InvalidArgument(
          "findMaxima: the destination must be uint8, got " + dst.describe());
    }
    int[] points = findMaximaPoints(src, prominence);
    byte[] out = new byte[src.width() * src.height()];
    for (int p : points) out[p] = 1;
    src.gpu().pushInto(out, dst);
    return dst;
  }

  @Op(
      name = "findMaximaCount",
      category = Category.DETECTION,
      doc = "ImageJ 'Find Maxima' with a prominence: the number of maxima.",
      dimensions = {2},
      kernels = CL,
      tolerance = "the same count as ImageJ 1.54p MaximumFinder (tested on float and 16-bit)",
      imagej = "Process > Find Maxima… (prominence, output Count, not strict)",
      notes = FIND_MAXIMA_NOTES)
  public static long findMaximaCount(
      GpuImage src,
      @Param(value = "10", doc = "prominence (noise tolerance), ≥ 0") double prominence) {
    OpSupport.require2D("findMaximaCount", "src", src);
    OpSupport.requireNonNegative("findMaximaCount", "prominence", prominence);
    return findMaximaPoints(src, prominence).length;
  }

  /**
   * The maxima of {@link #findMaxima} as pixel indices (x + w·y), in the order found (highest
   * maximum first). Allocates scratch memory per call; use a {@link MaximaFinder} in loops.
   */
  public static int[] findMaximaPoints(GpuImage src, double prominence) {
    try (MaximaFinder f = new MaximaFinder()) {
      return f.find(src, prominence);
    }
  }

  /**
   * findMaxima with reusable scratch memory (a GPU mask and host arrays, reallocated only when the
   * image size changes): for real-time loops. Not thread-safe.
   */
  public static final class MaximaFinder implements AutoCloseable {
    private GpuImage mask;
    private byte[] candidates;
    private float[] values;
    private Object raw;
    private byte[] types;
    private int[] list;

    /** As {@link Detection#findMaximaPoints}. */
    public int[] find(GpuImage src, double prominence) {
      OpSupport.require2D("findMaxima", "src", src);
      OpSupport.requireNonNegative("findMaxima", "prominence", prominence);
      Gpu gpu = src.gpu();
      int w = src.width();
      int h = src.height();
      int n = w * h;
      if (mask == null || mask.gpu() != gpu || mask.width() != w || mask.height() != h) {
        if (mask != null) mask.close();
        mask = gpu.create(w, h, 1, PixelType.UINT8);
        candidates = new byte[n];
        values = new float[n];
        types = new byte[n];
        list = new int[n];
        raw = null;
      }
      Geometry.launch(
          OpSupport.kernel(gpu, CL, "local_maxima_8")
              .image("src", src)
              .image("dst", mask)
              .arg("w", w)
              .arg("h", h),
          w,
          h);
      gpu.pull(mask, candidates);
      switch (src.type()) {
        case FLOAT32 -> gpu.pull(src, values);
        case UINT8 -> {
          if (!(raw instanceof byte[] b0) || b0.length != n) raw = new byte[n];
          byte[] b = (byte[]) raw;
          gpu.pull(src, b);
          for (int i = 0; i < n; i++) values[i] = b[i] & 0xff;
        }
        case UINT16 -> {
          if (!(raw instanceof short[] a0) || a0.length != n) raw = new short[n];
          short[] a = (short[]) raw;
          gpu.pull(src, a);
          for (int i = 0; i < n; i++) values[i] = a[i] & 0xffff;
        }
        case UINT32 -> {
          if (!(raw instanceof int[] a0) || a0.length != n) raw = new int[n];
          int[] a = (int[]) raw;
          gpu.pull(src, a);
          for (int i = 0; i < n; i++) values[i] = (float) (a[i] & 0xffffffffL);
        }
      }
      java.util.Arrays.fill(types, (byte) 0);
      return MaximaFlooding.find(
          values, candidates, w, h, prominence, src.type().isFloatingPoint(), types, list);
    }

    @Override
    public void close() {
      if (mask != null) mask.close();
      mask = null;
    }
  }

  /**
   * The host part of findMaxima: ImageJ's prominence flooding over the candidate list
   * (re-implemented from its documented behaviour; see the op notes).
   */
  static final class MaximaFlooding {
    private static final byte LISTED = 1;
    private static final byte PROCESSED = 2;
    private static final byte EQUAL = 4;
    private static final int[] DX = {0, 1, 1, 1, 0, -1, -1, -1};
    private static final int[] DY = {-1, -1, 0, 1, 1, 1, 0, -1};

    private MaximaFlooding() {}

    static int[] find(
        float[] v,
        byte[] candidates,
        int w,
        int h,
        double prominence,
        boolean isFloat,
        byte[] types,
        int[] list) {
      int n = w * h;
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (float x : v) {
        if (x < min) min = x;
        if (x > max) max = x;
      }
      if (!(max > min)) return new int[0];
      float scale = (float) (2e9 / (max - min));
      int count = 0;
      for (int i = 0; i < n; i++) if (candidates[i] != 0 && v[i] != min) count++;
      long[] keys = new long[count];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (candidates[i] != 0 && v[i] != min) {
          int q = (int) ((v[i] - min) * scale);
          keys[k++] = (long) q << 32 | i;
        }
      }
      Arrays.sort(keys);
      float sortingError = isFloat ? 1.1f * ((max - min) / 2e9f) : 0f;
      float tol = (float) prominence;
      int[] found = new int[count];
      int nFound = 0;
      for (int m = count - 1; m >= 0; m--) {
        int p0 = (int) keys[m];
        if ((types[p0] & PROCESSED) != 0) continue;
        float v0 = v[p0];
        boolean retry;
        do {
          retry = false;
          list[0] = p0;
          types[p0] |= (byte) (EQUAL | LISTED);
          int len = 1;
          boolean possible = true;
          double sx = p0 % w;
          double sy = p0 / w;
          int nEqual = 1;
          for (int li = 0; li < len; li++) {
            int p = list[li];
            int x = p % w;
            int y = p / w;
            for (int dir = 0; dir < 8; dir++) {
              int x2 = x + DX[dir];
              int y2 = y + DY[dir];
              if (x2 < 0 || y2 < 0 || x2 >= w || y2 >= h) continue;
              int p2 = x2 + w * y2;
              if ((types[p2] & LISTED) != 0) continue;
              if ((types[p2] & PROCESSED) != 0) {
                possible = false; // reached the area of a higher maximum
                break;
              }
              float v2 = v[p2];
              if (v2 > v0 + sortingError) {
                possible = false; // reached a higher point
                break;
              }
              if (v2 >= v0 - tol) {
                if (v2 > v0) { // a higher point within the sorting error: restart from it
                  retry = true;
                  p0 = p2;
                  v0 = v2;
                }
                list[len++] = p2;
                types[p2] |= LISTED;
                if (v2 == v0) {
                  types[p2] |= EQUAL;
                  sx += x2;
                  sy += y2;
                  nEqual++;
                }
              }
            }
          }
          if (retry) {
            for (int li = 0; li < len; li++) types[list[li]] = 0;
            continue;
          }
          byte keep = (byte) ~(possible ? LISTED : (LISTED | EQUAL));
          sx /= nEqual;
          sy /= nEqual;
          double best = 1e20;
          int bestP = p0;
          for (int li = 0; li < len; li++) {
            int p = list[li];
            types[p] &= keep;
            types[p] |= PROCESSED;
            if (possible && (types[p] & EQUAL) != 0) {
              double ddx = sx - p % w;
              double ddy = sy - p / w;
              double d2 = ddx * ddx + ddy * ddy;
              if (d2 < best) {
                best = d2;
                bestP = p;
              }
            }
          }
          if (possible) found[nFound++] = bestP;
        } while (retry);
      }
      return Arrays.copyOf(found, nFound);
    }
  }
}
