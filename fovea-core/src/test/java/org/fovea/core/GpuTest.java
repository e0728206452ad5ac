package org.fovea.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GpuTest {
  static Gpu gpu;

  @BeforeAll
  static void open() {
    gpu = Gpu.open();
  }

  @AfterAll
  static void close() {
    gpu.close();
  }

  @Test
  void listsAtLeastOneDeviceWithProperties() {
    List<DeviceInfo> devices = Gpu.listDevices();
    assertFalse(devices.isEmpty());
    for (DeviceInfo d : devices) {
      assertFalse(d.name().isEmpty());
      assertTrue(d.globalMemoryBytes() > 0);
      assertTrue(d.maxAllocationBytes() > 0 && d.maxAllocationBytes() <= d.globalMemoryBytes());
      assertTrue(d.openClVersion().startsWith("OpenCL"), d.openClVersion());
    }
  }

  @Test
  void bestDevicePrefersGpuOverCpu() {
    DeviceInfo cpu = fake(0, DeviceType.CPU, 64L << 30);
    DeviceInfo gpuSmall = fake(1, DeviceType.GPU, 4L << 30);
    DeviceInfo gpuBig = fake(2, DeviceType.GPU, 80L << 30);
    List<DeviceInfo> l = new ArrayList<>(List.of(cpu, gpuSmall, gpuBig));
    l.sort(Gpu.preference());
    assertEquals(List.of(gpuBig, gpuSmall, cpu), l);
  }

  private static DeviceInfo fake(int idx, DeviceType t, long mem) {
    return new DeviceInfo(
        idx,
        "p",
        "d" + idx,
        "v",
        t,
        mem,
        mem / 4,
        1 << 16,
        1,
        1,
        "OpenCL 3.0",
        "1",
        false,
        null,
        null);
  }

  @Test
  void unknownDeviceNameListsTheDevicesThatExist() {
    FoveaException.DeviceNotFound e =
        assertThrows(
            FoveaException.DeviceNotFound.class,
            () -> Gpu.open(DeviceFilter.nameContains("no-such-device-xyz")));
    assertTrue(e.getMessage().contains("no-such-device-xyz"), e.getMessage());
    assertTrue(e.getMessage().contains(Gpu.listDevices().get(0).name()), e.getMessage());
  }

  @Test
  void pushPull64MegabyteStackOfEveryType() {
    int w = 1024, h = 1024, d = 16; // 16 Mi pixels: 64 MB as float/uint32, 32 MB uint16
    Random r = new Random(1);
    int n = w * h * d;
    short[] s = new short[n];
    for (int i = 0; i < n; i++) s[i] = (short) r.nextInt(65536);
    try (GpuImage img = gpu.push(s, w, h, d)) {
      assertEquals(PixelType.UINT16, img.type());
      assertArrayEquals(s, (short[]) img.pull());
    }
    float[] f = new float[n];
    for (int i = 0; i < n; i++) f[i] = r.nextFloat() * 1000 - 500;
    try (GpuImage img = gpu.push(f, w, h, d)) {
      assertEquals(64L << 20, img.bytes());
      assertArrayEquals(f, (float[]) img.pull());
    }
    int[] v = new int[n];
    for (int i = 0; i < n; i++) v[i] = r.nextInt();
    try (GpuImage img = gpu.push(v, w, h, d)) {
      assertArrayEquals(v, (int[]) img.pull());
    }
    byte[] b = new byte[n];
    r.nextBytes(b);
    try (GpuImage img = gpu.push(b, w, h, d)) {
      assertArrayEquals(b, (byte[]) img.pull());
    }
  }

  @Test
  void pushPullSlicesAndNioBuffers() {
    int w = 31, h = 17, d = 5;
    short[][] slices = new short[d][w * h];
    for (int z = 0; z < d; z++)
      for (int i = 0; i < w * h; i++) slices[z][i] = (short) (z * 1000 + i);
    try (GpuImage img = gpu.pushSlices(slices, w, h)) {
      assertEquals(d, img.depth());
      short[] all = (short[]) img.pull();
      assertEquals(3 * 1000 + 7, all[3 * w * h + 7]);
      short[][] back = new short[d][w * h];
      gpu.pullSlices(img, back);
      for (int z = 0; z < d; z++) assertArrayEquals(slices[z], back[z]);
      ByteBuffer bb = ByteBuffer.allocateDirect((int) img.bytes()).order(ByteOrder.nativeOrder());
      gpu.pull(img, bb);
      assertEquals((short) (2 * 1000 + 5), bb.getShort((2 * w * h + 5) * 2));
      try (GpuImage again = gpu.push(bb, w, h, d, PixelType.UINT16)) {
        assertArrayEquals(all, (short[]) again.pull());
      }
    }
  }

  @Test
  void wrongArrayLengthIsAClearError() {
    FoveaException.InvalidArgument e =
        assertThrows(FoveaException.InvalidArgument.class, () -> gpu.push(new short[10], 4, 4, 1));
    assertTrue(e.getMessage().contains("10") && e.getMessage().contains("16"), e.getMessage());
    assertThrows(FoveaException.InvalidArgument.class, () -> gpu.create(0, 4, 1, PixelType.UINT8));
    assertThrows(FoveaException.InvalidArgument.class, () -> gpu.push(new double[4], 2, 2));
  }

  @Test
  void allocationBeyondTheDeviceLimitSaysWhy() {
    long max = gpu.device().maxAllocationBytes();
    int side = (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(Math.sqrt(max / 4.0)) + 2);
    int depth = (int) Math.max(2, max / 4 / ((long) side * side) + 2);
    FoveaException.OutOfGpuMemory e =
        assertThrows(
            FoveaException.OutOfGpuMemory.class,
            () -> gpu.create(side, side, depth, PixelType.FLOAT32));
    assertTrue(e.getMessage().contains("CL_DEVICE_MAX_MEM_ALLOC_SIZE"), e.getMessage());
  }

  @Test
  void convertSaturatesAndRoundsHalfToEven() {
    float[] f = {2.5f, 3.5f, -1f, 300f, 254.4f, 70000f};
    try (GpuImage src = gpu.push(f, 6, 1);
        GpuImage u8 = gpu.convert(src, PixelType.UINT8);
        GpuImage u16 = gpu.convert(src, PixelType.UINT16)) {
      assertArrayEquals(
          new byte[] {2, 4, 0, (byte) 255, (byte) 254, (byte) 255}, (byte[]) u8.pull());
      assertArrayEquals(new short[] {2, 4, 0, 300, 254, (short) 65535}, (short[]) u16.pull());
      try (GpuImage back = gpu.convert(u16, PixelType.UINT8)) {
        assertArrayEquals(
            new byte[] {2, 4, 0, (byte) 255, (byte) 254, (byte) 255}, (byte[]) back.pull());
      }
    }
  }

  @Test
  void fillSetsEveryPixel() {
    try (GpuImage img = gpu.create(7, 3, 2, PixelType.UINT16)) {
      gpu.fill(img, 1234.6);
      for (short s : (short[]) img.pull()) assertEquals(1235, s);
      gpu.fill(img, -5);
      for (short s : (short[]) img.pull()) assertEquals(0, s);
    }
  }

  static final String SCALE_KERNEL =
      "__kernel void scale(__global const SRC_T* s, __global DST_T* d, const float f, const int w,"
          + " const int h, const int dd) {\n"
          + "  int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);\n"
          + "  size_t i = FOVEA_IDX(x, y, z, w, h);\n"
          + "  d[i] = CONVERT_DST_T((float)s[i] * f);\n"
          + "}\n";

  @Test
  void aNewImageSizeDoesNotRebuildTheKernel() {
    try (Gpu own = Gpu.open(DeviceFilter.nameContains(gpu.device().name()))) {
      try (GpuImage a = own.push(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
          GpuImage b = own.createLike(a)) {
        own.kernelFromSource(SCALE_KERNEL, "scale")
            .arg("s", a)
            .typeDefines("src", a.type())
            .arg("d", b)
            .typeDefines("dst", b.type())
            .arg("f", 2f)
            .arg("w", a.width())
            .arg("h", a.height())
            .arg("dd", a.depth())
            .run(a);
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, (float[]) b.pull());
      }
      long builds = own.compileCount() + own.diskCacheHits();
      assertEquals(1, builds);
      try (GpuImage a = own.push(new float[7 * 5 * 3], 7, 5, 3);
          GpuImage b = own.createLike(a)) {
        own.kernelFromSource(SCALE_KERNEL, "scale")
            .arg("s", a)
            .typeDefines("src", a.type())
            .arg("d", b)
            .typeDefines("dst", b.type())
            .arg("f", 3f)
            .arg("w", a.width())
            .arg("h", a.height())
            .arg("dd", a.depth())
            .run(a);
        own.finish();
      }
      assertEquals(builds, own.compileCount() + own.diskCacheHits(), "a new size must not rebuild");
      try (GpuImage a = own.push(new short[] {1, 2}, 2, 1);
          GpuImage b = own.createLike(a)) {
        own.kernelFromSource(SCALE_KERNEL, "scale")
            .arg("s", a)
            .typeDefines("src", a.type())
            .arg("d", b)
            .typeDefines("dst", b.type())
            .arg("f", 3f)
            .arg("w", a.width())
            .arg("h", a.height())
            .arg("dd", a.depth())
            .run(a);
        assertArrayEquals(new short[] {3, 6}, (short[]) b.pull());
      }
      assertEquals(builds + 1, own.compileCount() + own.diskCacheHits(), "a new type builds once");
    }
  }

  @Test
  void transfersOfOddSizesCrossChunkAndSlotBoundaries() {
    Random r = new Random(11);
    // sizes around the staging chunk (1 MB minimum, 8 MB default) and odd lengths
    for (int n : new int[] {1, 1_000_003, (8 << 20) + 5, (19 << 20) + 1}) {
      byte[] a = new byte[n];
      r.nextBytes(a);
      try (GpuImage img = gpu.push(a, n, 1, 1)) {
        // a second push right behind the first reuses the pinned slots while DMAs may still run
        byte[] b = new byte[n];
        r.nextBytes(b);
        try (GpuImage img2 = gpu.push(b, n, 1, 1)) {
          assertArrayEquals(a, (byte[]) img.pull(), "size " + n);
          assertArrayEquals(b, (byte[]) img2.pull(), "size " + n);
        }
      }
    }
    short[] s = new short[(3 << 20) + 7];
    for (int i = 0; i < s.length; i++) s[i] = (short) r.nextInt();
    try (GpuImage img = gpu.push(s, s.length, 1, 1)) {
      short[] back = new short[s.length];
      gpu.pull(img, back);
      assertArrayEquals(s, back);
    }
  }

  @Test
  void vectorTypeDefinesConvertSaturatingEightAtATime() {
    String src =
        "__kernel void v(__global const SRC_T* s, __global DST_T* d, const float f) {\n"
            + "  size_t i = get_global_id(0);\n"
            + "  float8 x = convert_float8(vload8(i, s)) * f;\n"
            + "  vstore8(CONVERT_DST_T8(x), i, d);\n"
            + "}\n";
    short[] in = new short[16];
    for (int i = 0; i < in.length; i++) in[i] = (short) (i * 5000);
    try (GpuImage a = gpu.push(in, 16, 1, 1);
        GpuImage b = gpu.createLike(a)) {
      gpu.kernelFromSource(src, "v")
          .arg("s", a)
          .typeDefines("src", a.type())
          .arg("d", b)
          .typeDefines("dst", b.type())
          .arg("f", 1.5f)
          .run(2);
      short[] out = (short[]) b.pull();
      for (int i = 0; i < in.length; i++) {
        double expect = Math.min(65535, Math.rint((in[i] & 0xffff) * 1.5));
        assertEquals((int) expect, out[i] & 0xffff, "pixel " + i);
      }
    }
  }

  @Test
  void pushIntoFromAByteBufferKeepsItsPosition() {
    ByteBuffer b = ByteBuffer.allocateDirect(2 * 3000 + 6).order(ByteOrder.nativeOrder());
    b.putShort((short) 99).putShort((short) 98).putShort((short) 97);
    for (int i = 0; i < 3000; i++) b.putShort((short) (i * 7));
    b.position(6);
    try (GpuImage img = gpu.create(60, 50, 1, PixelType.UINT16)) {
      gpu.pushInto(b, img);
      assertEquals(6, b.position());
      short[] out = (short[]) img.pull();
      for (int i = 0; i < 3000; i++) assertEquals((short) (i * 7), out[i]);
    }
  }

  @Test
  void slicesOfAStackTravelInOnePipelinedTransfer() {
    // 4 slices of 3 MB: each slice is cut into two staging sub-chunks (2 MB and 1 MB)
    int w = 1536;
    int h = 1024;
    Random r = new Random(5);
    short[][] slices = new short[4][w * h];
    for (short[] s : slices) for (int i = 0; i < s.length; i++) s[i] = (short) r.nextInt();
    try (GpuImage img = gpu.pushSlices(slices, w, h)) {
      short[] flat = (short[]) img.pull();
      for (int z = 0; z < slices.length; z++) {
        for (int i = 0; i < w * h; i += 997) assertEquals(slices[z][i], flat[z * w * h + i]);
      }
      short[][] back = new short[4][w * h];
      gpu.pullSlices(img, back);
      for (int z = 0; z < slices.length; z++) assertArrayEquals(slices[z], back[z], "slice " + z);
    }
  }

  @Test
  void defineValuesSelectTheVariantAndAreCached() {
    String src = "__kernel void k(__global float* d) { d[get_global_id(0)] = (float)K; }\n";
    try (Gpu own = Gpu.open(DeviceFilter.nameContains(gpu.device().name()));
        GpuImage d = own.create(4, 1, 1, PixelType.FLOAT32)) {
      own.kernelFromSource(src, "k").define("K", 1).arg("d", d).run(4);
      assertArrayEquals(new float[] {1, 1, 1, 1}, (float[]) d.pull());
      own.kernelFromSource(src, "k").define("K", 2).arg("d", d).run(4);
      assertArrayEquals(new float[] {2, 2, 2, 2}, (float[]) d.pull());
      long builds = own.compileCount() + own.diskCacheHits();
      assertEquals(2, builds);
      own.kernelFromSource(src, "k").define("K", 1).arg("d", d).run(4);
      assertArrayEquals(new float[] {1, 1, 1, 1}, (float[]) d.pull());
      assertEquals(builds, own.compileCount() + own.diskCacheHits(), "cached variant reused");
    }
  }

  private static final String NAMED_KERNEL =
      "__kernel void sub(__global const SRC_T* a, __global const SRC_T* b, __global DST_T* out,\n"
          + "  /* a comment, with a comma */ const float scale) {\n"
          + "  size_t i = get_global_id(0);\n"
          + "  out[i] = CONVERT_DST_T(((float)a[i] - (float)b[i]) * scale);\n"
          + "}\n";

  @Test
  void argumentsBindByParameterNameWhateverTheCallOrder() {
    try (GpuImage a = gpu.push(new float[] {5, 7}, 2, 1);
        GpuImage b = gpu.push(new float[] {1, 2}, 2, 1);
        GpuImage out = gpu.createLike(a)) {
      // given in another order than declared: still a - b
      gpu.kernelFromSource(NAMED_KERNEL, "sub")
          .arg("scale", 2f)
          .typeDefines("dst", out.type())
          .arg("out", out)
          .arg("b", b)
          .typeDefines("src", a.type())
          .arg("a", a)
          .run(2);
      assertArrayEquals(new float[] {8, 10}, (float[]) out.pull());
    }
  }

  @Test
  void aWrongMissingOrRepeatedParameterNameFailsNamingKernelAndParameter() {
    try (GpuImage a = gpu.push(new float[] {5, 7}, 2, 1);
        GpuImage out = gpu.createLike(a)) {
      FoveaException.InvalidArgument unknown =
          assertThrows(
              FoveaException.InvalidArgument.class,
              () ->
                  gpu.kernelFromSource(NAMED_KERNEL, "sub")
                      .typeDefines("src", a.type())
                      .typeDefines("dst", a.type())
                      .arg("a", a)
                      .arg("bb", a)
                      .arg("out", out)
                      .arg("scale", 1f)
                      .run(2));
      assertTrue(unknown.getMessage().contains("'sub'"), unknown.getMessage());
      assertTrue(unknown.getMessage().contains("no parameter 'bb'"), unknown.getMessage());
      assertTrue(unknown.getMessage().contains("[a, b, out, scale]"), unknown.getMessage());
      assertTrue(unknown.getMessage().contains("GpuTest."), unknown.getMessage());
      FoveaException.InvalidArgument missing =
          assertThrows(
              FoveaException.InvalidArgument.class,
              () ->
                  gpu.kernelFromSource(NAMED_KERNEL, "sub")
                      .typeDefines("src", a.type())
                      .typeDefines("dst", a.type())
                      .arg("a", a)
                      .arg("b", a)
                      .arg("out", out)
                      .run(2));
      assertTrue(
          missing.getMessage().contains("parameter 'scale' has no argument"), missing.getMessage());
      FoveaException.InvalidArgument twice =
          assertThrows(
              FoveaException.InvalidArgument.class,
              () ->
                  gpu.kernelFromSource(NAMED_KERNEL, "sub")
                      .typeDefines("src", a.type())
                      .typeDefines("dst", a.type())
                      .arg("a", a)
                      .arg("a", a)
                      .arg("out", out)
                      .arg("scale", 1f)
                      .run(2));
      assertTrue(twice.getMessage().contains("'a' is given twice"), twice.getMessage());
    }
  }

  @Test
  @SuppressWarnings("deprecation")
  void positionalArgumentsStillBindInCallOrderButTheCountIsChecked() {
    try (GpuImage a = gpu.push(new float[] {5, 7}, 2, 1);
        GpuImage b = gpu.push(new float[] {1, 2}, 2, 1);
        GpuImage out = gpu.createLike(a)) {
      gpu.kernelFromSource(NAMED_KERNEL, "sub")
          .image("src", a)
          .arg(b.clMem())
          .image("dst", out)
          .arg(1f)
          .run(2);
      assertArrayEquals(new float[] {4, 5}, (float[]) out.pull());
      FoveaException.InvalidArgument e =
          assertThrows(
              FoveaException.InvalidArgument.class,
              () ->
                  gpu.kernelFromSource(NAMED_KERNEL, "sub")
                      .image("src", a)
                      .arg(b.clMem())
                      .image("dst", out)
                      .run(2));
      assertTrue(e.getMessage().contains("takes 4 arguments"), e.getMessage());
    }
  }

  @Test
  void kernelSignaturesAreReadFromTheSource() {
    assertArrayEquals(
        new String[] {"a", "b", "out", "scale"},
        KernelSignature.parameterNames(NAMED_KERNEL, "sub", "test"));
    String twice =
        "#if V\nkernel void k(global float* x, const int n) { }\n#else\n"
            + "kernel void k(global float* y, const int n) { }\n#endif\n";
    FoveaException.KernelBuildFailed e =
        assertThrows(
            FoveaException.KernelBuildFailed.class,
            () -> KernelSignature.parameterNames(twice, "k", "test"));
    assertTrue(e.getMessage().contains("different parameter names"), e.getMessage());
    assertThrows(
        FoveaException.KernelBuildFailed.class,
        () -> KernelSignature.parameterNames(NAMED_KERNEL, "absent", "test"));
  }

  @Test
  void kernelBuildFailureCarriesTheBuildLog() {
    try (GpuImage a = gpu.create(2, 2, 1, PixelType.FLOAT32)) {
      FoveaException.KernelBuildFailed e =
          assertThrows(
              FoveaException.KernelBuildFailed.class,
              () ->
                  gpu.kernelFromSource(
                          "__kernel void broken(__global float* a) { a[0] = undefined_symbol; }",
                          "broken")
                      .image("a", a)
                      .run(1));
      assertTrue(e.getMessage().contains("undefined_symbol"), e.getMessage());
      assertFalse(e.buildLog().isBlank());
    }
  }

  @Test
  void closingTheContextReleasesEverything() {
    Gpu own = Gpu.open(DeviceFilter.nameContains(gpu.device().name()));
    GpuImage a = own.create(100, 100, 3, PixelType.UINT16);
    own.create(10, 10, 1, PixelType.FLOAT32);
    assertEquals(2, own.liveImageCount());
    assertEquals(100 * 100 * 3 * 2 + 400, own.allocatedBytes());
    assertTrue(own.memoryReport().contains("100×100×3 uint16"), own.memoryReport());
    own.close();
    assertEquals(0, own.liveImageCount());
    assertEquals(0, own.allocatedBytes());
    assertTrue(a.isClosed());
    a.close(); // idempotent after the context is gone
    assertThrows(FoveaException.class, () -> own.create(1, 1, 1, PixelType.UINT8));
  }

  @Test
  void closingAnImageIsIdempotentAndFreesItsMemory() {
    long before = gpu.allocatedBytes();
    GpuImage a = gpu.create(10, 10, 1, PixelType.UINT8);
    assertEquals(before + 100, gpu.allocatedBytes());
    a.close();
    a.close();
    assertEquals(before, gpu.allocatedBytes());
    assertThrows(FoveaException.InvalidArgument.class, a::clMem);
  }

  @Test
  void aDroppedImageIsLoggedAsALeak() throws Exception {
    Logger log = Logger.getLogger("org.fovea");
    List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(h);
    try {
      long leaksBefore = gpu.leakCount();
      dropAnImage();
      java.util.function.BooleanSupplier logged =
          () ->
              records.stream()
                  .anyMatch(
                      r ->
                          r.getMessage().contains("13×11 uint8")
                              && r.getMessage().contains("never closed"));
      // the collector decides when the dropped image is found: wait for it (up to 30 s on a
      // loaded machine), then check that it was counted and logged
      for (int i = 0; i < 600 && !(gpu.leakCount() > leaksBefore && logged.getAsBoolean()); i++) {
        System.gc();
        Thread.sleep(50);
      }
      assertTrue(
          gpu.leakCount() > leaksBefore, "leak count " + gpu.leakCount() + " after " + leaksBefore);
      assertTrue(logged.getAsBoolean(), "no leak warning for the 13×11 uint8 image");
    } finally {
      log.removeHandler(h);
    }
  }

  private static void dropAnImage() {
    gpu.create(13, 11, 1, PixelType.UINT8);
  }
}
