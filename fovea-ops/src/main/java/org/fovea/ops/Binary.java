package org.fovea.ops;

import org.fovea.core.FoveaException;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;

/**
 * Logical ops on binary images. Any non-zero pixel counts as true; the result is 1 (true) or 0
 * (false), in a uint8 image unless a destination of another type is passed (as CLIJ2).
 */
public final class Binary {
  private Binary() {}

  private static final String BINARY_TYPE_NOTE =
      "The values equal CLIJ2 2.5.3.1's (compared on PoCL). The result is uint8"
          + " unless a destination is passed; CLIJ2's macro layer makes it of the first input's"
          + " type instead (the 0/1 values are the same).";

  /** binaryAnd, binaryOr, binaryXOr: the OPERATION of binary_operation.cl is the ordinal. */
  public enum Logic implements OpVariant {
    @Doc("both are non-zero")
    And,
    @Doc("either is non-zero")
    Or,
    @Doc("exactly one is non-zero")
    XOr
  }

  @Op(
      name = "binary{}",
      category = Category.BINARY,
      doc = "Logical {NAME} of two images (non-zero = true): 1 where {doc}, else 0.",
      kernels = "binary_operation.cl",
      tolerance = "exact",
      notes = Arithmetic.PAIR_SHAPES + " " + BINARY_TYPE_NOTE,
      imagej = "Process > Image Calculator > {NAME} on 0/255 masks (Fovea writes 0/1)")
  public static GpuImage binary(
      Logic logic, GpuImage src0, GpuImage src1, @Out(type = "uint8") GpuImage dst) {
    String op = "binary" + logic.name();
    dst = Arithmetic.twoInputs(op, src0, src1, dst, PixelType.UINT8);
    Arithmetic.twoImageKernel("binary_operation.cl", logic.ordinal(), src0, src1, dst);
    return dst;
  }

  @Op(
      name = "binaryNot",
      category = Category.BINARY,
      doc = "Logical NOT (non-zero = true): 1 where the pixel is zero, else 0.",
      kernels = "binary_not.cl",
      tolerance = "exact",
      notes = BINARY_TYPE_NOTE,
      imagej = "Edit > Invert on a 0/255 mask (Fovea writes 0/1)")
  public static GpuImage binaryNot(GpuImage src, @Out(type = "uint8") GpuImage dst) {
    OpSupport.requireNotNull("binaryNot", "src", src);
    dst = OpSupport.outputLike("binaryNot", src, dst, PixelType.UINT8);
    Arithmetic.runPixelwise(Arithmetic.pixelwise("binary_not.cl", "binary_not", dst, src), src);
    return dst;
  }

  // ------------------------------------------------------------------ comparisons

  /** The comparisons of CLIJ2's greater/smaller/equal family; the ordinal is compare.cl's op. */
  public enum Comparison implements OpVariant {
    greater("greater than", ">"),
    greaterOrEqual("greater than or equal to", "≥"),
    smaller("smaller than", "<"),
    smallerOrEqual("smaller than or equal to", "≤"),
    equal("equal to", "="),
    notEqual("not equal to", "≠");

    private final String doc;
    private final String symbol;

    Comparison(String doc, String symbol) {
      this.doc = doc;
      this.symbol = symbol;
    }

    @Override
    public String doc() {
      return doc + " (" + symbol + ")";
    }

    /**
     * The integer k with p (this) k ⟺ p (this) c for every integer p, for the kernel's exact
     * integer path; saturated to ±2^62 (beyond any pixel value) for huge, infinite or NaN c.
     */
    long integerConstant(double c) {
      long big = 1L << 62;
      if (Double.isNaN(c)) {
        // NaN compares false, except ≠: a constant no pixel reaches gives that (pixels are ≥ 0)
        return switch (this) {
          case greater, greaterOrEqual -> big;
          default -> -big;
        };
      }
      double r =
          switch (this) {
            case greater, smallerOrEqual -> Math.floor(c);
            case greaterOrEqual, smaller -> Math.ceil(c);
            case equal, notEqual -> c == Math.rint(c) ? c : -big;
          };
      return (long) Math.max(-big, Math.min(big, r));
    }
  }

  private static final String COMPARE_NOTES =
      "The result is 1 or 0 in an image of the first input's type (as CLIJ2), or in the type of"
          + " a destination passed in. Two integer images are compared exactly, otherwise both"
          + " values are compared as float32; a constant is compared exactly with integer pixels"
          + " (CLIJ2 compares in float32, which differs only for uint32 pixels above 2^24).";

  @Op(
      name = "{}",
      category = Category.BINARY,
      doc = "Pixel-wise comparison of two images: 1 where src0 is {doc} src1, else 0.",
      kernels = "compare.cl",
      tolerance = "exact",
      notes = COMPARE_NOTES + " " + Arithmetic.PAIR_SHAPES,
      imagej =
          "no single command (ImageJ's Image Calculator has no comparisons); tested against a"
              + " CPU reference")
  public static GpuImage compareImages(
      Comparison comparison, GpuImage src0, GpuImage src1, @Out GpuImage dst) {
    String op = comparison.name();
    GpuImage out = Arithmetic.twoInputs(op, src0, src1, dst);
    Arithmetic.withSecond(
        src0,
        src1,
        b1 ->
            Arithmetic.runPixelwise(
                Arithmetic.pixelwise("compare.cl", "compare_images", out, src0, b1)
                    .arg("op", comparison.ordinal()),
                src0));
    return out;
  }

  @Op(
      name = "{}Constant",
      category = Category.BINARY,
      doc = "Pixel-wise comparison with a constant: 1 where src is {doc} the constant, else 0.",
      kernels = "compare.cl",
      tolerance = "exact",
      notes = COMPARE_NOTES,
      imagej =
          "Image > Adjust > Threshold with the matching limits, then Convert to Mask (ImageJ"
              + " writes 255 instead of 1)")
  public static GpuImage compareConstant(
      Comparison comparison,
      GpuImage src,
      @Out GpuImage dst,
      @Param(value = "0", doc = "the value every pixel is compared with") double constant) {
    String op = comparison.name() + "Constant";
    dst = Arithmetic.oneInput(op, src, dst);
    Arithmetic.runPixelwise(
        Arithmetic.pixelwise("compare.cl", "compare_constant", dst, src)
            .arg("op", comparison.ordinal())
            .arg("c", (float) constant)
            .arg("k", comparison.integerConstant(constant)),
        src);
    return dst;
  }

  // ------------------------------------------------------------------ masks

  @Op(
      name = "mask",
      category = Category.BINARY,
      doc = "Keeps the pixels of src where the mask is non-zero and sets the others to 0.",
      kernels = "pixel_math.cl",
      tolerance = "exact (the kept pixels are copied, not converted through float)",
      imagej = "Process > Image Calculator > AND with a 0/255 (8-bit) or Min with a 0/max mask",
      notes =
          Arithmetic.PAIR_SHAPES
              + " "
              + "The result has the type of src (as CLIJ2); the mask may have any type.")
  public static GpuImage mask(GpuImage src, GpuImage mask, @Out GpuImage dst) {
    dst = Arithmetic.twoInputs("mask", src, mask, dst);
    Arithmetic.mathImages(Arithmetic.MASK, src, mask, dst);
    return dst;
  }

  @Op(
      name = "maskStackWithPlane",
      category = Category.BINARY,
      doc =
          "Masks every slice of a stack with one 2D mask: src where the mask is non-zero, else 0.",
      dimensions = {3},
      kernels = "pixel_math.cl",
      tolerance = "exact (the kept pixels are copied, not converted through float)",
      notes =
          "src is a stack, mask a 2D image of the same width and height; the result has the type"
              + " of src (as CLIJ2). Each slice is masked in turn (one launch per slice).")
  public static GpuImage maskStackWithPlane(GpuImage src, GpuImage mask, @Out GpuImage dst) {
    String op = "maskStackWithPlane";
    OpSupport.requireNotNull(op, "src", src);
    OpSupport.requireNotNull(op, "mask", mask);
    OpSupport.require3D(op, src);
    OpSupport.require2D(op, mask);
    if (mask.width() != src.width() || mask.height() != src.height()) {
      throw new FoveaException.InvalidArgument(
          op + ": the mask " + mask.describe() + " must be one slice of " + src.describe());
    }
    dst = OpSupport.outputLike(op, src, dst);
    Gpu gpu = src.gpu();
    int w = src.width();
    int h = src.height();
    try (GpuImage slice = gpu.create(w, h, 1, src.type());
        GpuImage out = gpu.create(w, h, 1, dst.type())) {
      for (int z = 0; z < src.depth(); z++) {
        Conversions.copySlice(src, slice, z);
        Arithmetic.mathImages(Arithmetic.MASK, slice, mask, out);
        Conversions.copySlice(out, dst, z);
      }
    }
    return dst;
  }

  // ------------------------------------------------------------------ shape

  private static final String SHAPE = "binary_shape.cl";

  @Op(
      name = "binaryEdgeDetection",
      category = Category.BINARY,
      doc =
          "1 on the foreground pixels that touch the background (a face neighbour is 0), else"
              + " 0.",
      kernels = SHAPE,
      tolerance = "exact",
      imagej =
          "Process > Binary > Outline counts diagonal neighbours and the outside of the image as"
              + " background too, so it keeps more pixels (tested: the face-neighbour subset of"
              + " its outline equals this op away from the border)",
      notes =
          "Non-zero = foreground. Neighbours are the 4 (2D) or 6 (3D) face neighbours inside the"
              + " image: the image border is not background (as CLIJ2). The result has the type"
              + " of src (as CLIJ2).")
  public static GpuImage binaryEdgeDetection(GpuImage src, @Out GpuImage dst) {
    String op = "binaryEdgeDetection";
    dst = Arithmetic.oneInput(op, src, dst);
    OpSupport.requireNotSame(op, src, dst);
    OpSupport.kernel(SHAPE, "binary_edge", src, dst)
        .size(src)
        .run(src.width(), src.height(), src.depth());
    return dst;
  }

  /** Fill-holes grow steps enqueued between two reads of the change flag. */
  private static final int GROW_STEPS_PER_CHECK = 8;

  @Op(
      name = "binaryFillHoles",
      category = Category.BINARY,
      doc = "Fills the holes of a binary image: background not connected to the image border.",
      kernels = SHAPE,
      tolerance = "exact",
      imagej = "Process > Binary > Fill Holes (2D, 4-connected background: the same pixels)",
      notes =
          "Non-zero = foreground. Background pixels connected to the border of the image (the"
              + " first and last slices included in 3D) through face neighbours (4 in 2D, 6 in"
              + " 3D) stay 0; every other pixel becomes 1 (as CLIJ2). The result has the type of"
              + " src. The border region grows by one pixel per step on the GPU, so a winding"
              + " background region takes as many steps as its length.")
  public static GpuImage binaryFillHoles(GpuImage src, @Out GpuImage dst) {
    String op = "binaryFillHoles";
    dst = Arithmetic.oneInput(op, src, dst);
    Gpu gpu = src.gpu();
    int w = src.width();
    int h = src.height();
    int d = src.depth();
    try (GpuImage mark = gpu.create(w, h, d, PixelType.UINT8);
        GpuImage changed = gpu.create(1, 1, 1, PixelType.UINT32)) {
      OpSupport.kernel(gpu, SHAPE, "fill_init")
          .image("src", src)
          .arg("mark", mark)
          .size(src)
          .run(w, h, d);
      int[] flag = {1};
      while (flag[0] != 0) {
        gpu.fill(changed, 0);
        for (int k = 0; k < GROW_STEPS_PER_CHECK; k++) {
          OpSupport.kernel(gpu, SHAPE, "fill_grow")
              .image("src", src)
              .arg("mark", mark)
              .arg("changed", changed)
              .size(src)
              .run(w, h, d);
        }
        gpu.pull(changed, flag);
      }
      OpSupport.kernel(gpu, SHAPE, "fill_write")
          .arg("mark", mark)
          .image("dst", dst)
          .size(src)
          .run(w, h, d);
    }
    return dst;
  }

  @Op(
      name = "distanceMap",
      category = Category.BINARY,
      doc =
          "Exact Euclidean distance of every foreground pixel to the nearest background pixel"
              + " (0 on background).",
      kernels = "distance_map.cl",
      tolerance = "float32 square root of the exact squared distance (1e-6 relative)",
      imagej =
          "Process > Binary > Distance Map with EDM output 32-bit (EDM.makeFloatEDM, edges not"
              + " background): the same values in 2D",
      notes =
          "Non-zero = foreground; pixels outside the image are not background. The result is"
              + " float32 (as CLIJ2) unless a destination of another type is passed. CLIJ2's"
              + " distanceMap is not Euclidean (a chamfer-like approximation: the pixel diagonal"
              + " to a background pixel gets 2, not √2) and does not return on an image without"
              + " background; Fovea gives the exact distance and +∞ (float32) where the image has"
              + " no background. Exact squared distances need lines of at most 4096 pixels.")
  public static GpuImage distanceMap(GpuImage src, @Out(type = "float32") GpuImage dst) {
    String op = "distanceMap";
    OpSupport.requireNotNull(op, "src", src);
    dst = OpSupport.outputNotInPlace(op, src, dst, PixelType.FLOAT32);
    Gpu gpu = src.gpu();
    int w = src.width();
    int h = src.height();
    int d = src.depth();
    String file = "distance_map.cl";
    try (GpuImage t1 = gpu.create(w, h, d, PixelType.FLOAT32);
        GpuImage t2 = d > 1 ? gpu.create(w, h, d, PixelType.FLOAT32) : null) {
      OpSupport.kernel(gpu, file, "edt_x").image("src", src).arg("dst", t1).size(src).run(w, h, d);
      GpuImage last = t1;
      if (d > 1) {
        edtPass(t1, t2, 1, false);
        last = t2;
      }
      edtPass(last, dst, d > 1 ? 2 : 1, true);
    }
    return dst;
  }

  private static void edtPass(GpuImage src, GpuImage dst, int axis, boolean last) {
    OpSupport.kernel(src.gpu(), "distance_map.cl", "edt_pass")
        .arg("src", src)
        .image("dst", dst)
        .size(src)
        .arg("axis", axis)
        .arg("last", last ? 1 : 0)
        .run(src.width(), src.height(), src.depth());
  }
}
