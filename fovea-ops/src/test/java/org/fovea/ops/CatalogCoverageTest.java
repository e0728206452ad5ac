package org.fovea.ops;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fovea.core.Gpu;
import org.fovea.core.GpuImage;
import org.fovea.core.PixelType;
import org.fovea.ops.testkit.Covers;
import org.fovea.ops.testkit.CoversAudit;
import org.fovea.ops.testkit.CpuFilters;
import org.fovea.ops.testkit.CpuImage;
import org.fovea.ops.testkit.ImageAssert;
import org.fovea.ops.testkit.TestGpu;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

/**
 * The catalog is complete: every op of the registry has its kernels, a CPU-reference test (a test
 * carrying {@link Covers} with its name) and an up-to-date reference page under docs/reference/.
 */
class CatalogCoverageTest {
  static final Path DOCS = Path.of("..", "docs", "reference");
  static final Path TEST_CLASSES = Path.of("target", "test-classes");
  private static List<CoversAudit.Reach> audited;

  /** The {@code @Covers} tests of this module's compiled test classes, read once. */
  static synchronized List<CoversAudit.Reach> audit() throws IOException {
    if (audited == null) audited = CoversAudit.read(TEST_CLASSES).reaches();
    return audited;
  }

  @Test
  void everyOpNamesKernelsThatExist() {
    List<String> missing = new ArrayList<>();
    for (OpDescriptor d : OpRegistry.all()) {
      if (d.kernels().isEmpty()) missing.add(d.name() + " lists no kernel");
      for (String k : d.kernels()) {
        boolean found =
            k.startsWith("core:")
                ? Gpu.class.getResource("kernels/" + k.substring(5)) != null
                : OpSupport.class.getResource("kernels/" + k) != null;
        if (!found) missing.add(d.name() + ": kernel " + k + " not found");
      }
    }
    assertTrue(missing.isEmpty(), String.join("\n", missing));
  }

  @Test
  void everyOpHasACpuReferenceTest() throws IOException {
    List<CoversAudit.Reach> reaches = audit();
    Map<String, List<CoversAudit.Reach>> byOp = CoversAudit.byOp(reaches);
    List<String> missing = new ArrayList<>();
    List<String> unproven = new ArrayList<>();
    for (OpDescriptor d : OpRegistry.all()) {
      List<CoversAudit.Reach> tests = byOp.getOrDefault(d.name(), List.of());
      if (tests.isEmpty()) missing.add(d.name());
      else if (tests.stream().noneMatch(r -> proves(r, d))) {
        boolean called = tests.stream().anyMatch(r -> calls(r, d));
        unproven.add(d.name() + (called ? "" : " (not called)") + ": " + tests);
      }
    }
    assertTrue(missing.isEmpty(), "ops without a @Covers test: " + missing);
    assertTrue(
        unproven.isEmpty(),
        "ops none of whose @Covers tests calls the op and passes its result (or an image it"
            + " wrote) to a test-kit comparison (ImageAssert.assertImage*, assertValue(s)Close,"
            + " assertSamePoints):\n"
            + String.join("\n", unproven));
    Set<String> unknown = new HashSet<>(byOp.keySet());
    OpRegistry.all().forEach(d -> unknown.remove(d.name()));
    assertTrue(unknown.isEmpty(), "@Covers names ops that do not exist: " + unknown);
  }

  /**
   * The gate reads code, not annotations: of four tests that name gaussianBlur2D, one that only
   * checks argument validation, one that only compares constants and one that calls the op but
   * compares its input prove nothing; one that compares the op's result with a test-kit comparison
   * proves it.
   */
  @Test
  void anAnnotationAloneProvesNothing() throws IOException {
    OpDescriptor d = OpRegistry.get("gaussianBlur2D");
    Map<String, Boolean> proven = new TreeMap<>();
    for (CoversAudit.Reach r : audit()) {
      String prefix = Specimens.class.getName() + ".";
      if (r.test().startsWith(prefix))
        proven.put(r.test().substring(prefix.length()), proves(r, d));
    }
    assertEquals(
        Map.of(
            "validatesArguments", false,
            "comparesConstants", false,
            "comparesSomethingElse", false,
            "comparesTheResult", true),
        proven);
  }

  /** Specimens that {@link #anAnnotationAloneProvesNothing} reads; never run. */
  @Disabled("specimens for the @Covers gate, not tests")
  static class Specimens {
    @Covers("gaussianBlur2D")
    @Test
    void validatesArguments() {
      assertThrows(IllegalArgumentException.class, () -> Filters.gaussianBlur2D(null, null, -1, 0));
    }

    @Covers("gaussianBlur2D")
    @Test
    void comparesConstants() {
      ImageAssert.assertValueClose("one", 1, 1, 0, 0);
    }

    @Covers("gaussianBlur2D")
    @Test
    void comparesSomethingElse() {
      CpuImage in = CpuImage.random(9, 7, 1, PixelType.FLOAT32, 1);
      try (GpuImage src = in.push(TestGpu.get());
          GpuImage dst = Filters.gaussianBlur2D(src, null, 1, 1)) {
        ImageAssert.assertImageClose(in, in, 0, 0);
      }
    }

    @Covers("gaussianBlur2D")
    @Test
    void comparesTheResult() {
      CpuImage in = CpuImage.random(9, 7, 1, PixelType.FLOAT32, 1);
      double[] g = CpuFilters.gaussian(1);
      try (GpuImage src = in.push(TestGpu.get());
          GpuImage dst = Filters.gaussianBlur2D(src, null, 1, 1)) {
        CpuImage expected =
            CpuFilters.convolve(in, g, g, CpuFilters.gaussian(0), PixelType.FLOAT32);
        ImageAssert.assertImageClose(expected, dst, 1e-5 * CpuFilters.maxAbs(in), 0);
      }
    }
  }

  /**
   * A test proves op {@code d} when its code (helpers and lambdas included) calls the op's method
   * (or invokes its descriptor, naming it) and compares a result with a test-kit comparison.
   */
  static boolean proves(CoversAudit.Reach r, OpDescriptor d) {
    if (!r.compares() || !calls(r, d)) return false;
    String owner = Type.getInternalName(d.method().getDeclaringClass());
    String name = d.method().getName();
    String descriptor = Type.getInternalName(OpDescriptor.class);
    return r.comparesResultOf(
        mi ->
            (mi.owner.equals(owner) && mi.name.equals(name))
                || (mi.owner.equals(descriptor) && mi.name.startsWith("invoke")));
  }

  /** The test's code calls op {@code d}. */
  static boolean calls(CoversAudit.Reach r, OpDescriptor d) {
    if (r.calls(d.method().getDeclaringClass(), d.method().getName())) return true;
    boolean invoked =
        r.callsAny(OpDescriptor.class, Set.of("invoke", "invokeUnchecked"))
            && r.calls(OpRegistry.class, "get");
    if (!invoked) return false;
    // by its name, or a family member by the family's constant part ("threshold" + method)
    String name = d.name();
    String family = d.variant() == null ? name : d.method().getAnnotation(Op.class).name();
    String stem =
        family.substring(0, family.indexOf("{}") < 0 ? family.length() : family.indexOf("{}"));
    return r.strings().contains(name) || (!stem.isEmpty() && r.strings().contains(stem));
  }

  @Test
  void everyOpHasAnUpToDateReferencePage() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : ReferenceDocs.pages().entrySet()) {
      Path p = DOCS.resolve(e.getKey());
      if (!Files.isRegularFile(p)) problems.add("missing " + p);
      else if (!Files.readString(p, StandardCharsets.UTF_8).equals(e.getValue()))
        problems.add("stale " + p);
    }
    assertTrue(
        problems.isEmpty(),
        "Run ./fovea docs to regenerate the reference:\n" + String.join("\n", problems));
  }

  @Test
  void everyOpIsInTheClassNamedAfterItsCategory() {
    List<String> misfiled = new ArrayList<>();
    for (OpDescriptor d : OpRegistry.all()) {
      String holder = d.method().getDeclaringClass().getSimpleName();
      if (!holder.equals(d.category().opClassName())) {
        misfiled.add(d.name() + " (" + d.category() + ") is in " + holder);
      }
    }
    assertTrue(misfiled.isEmpty(), "ops outside their category's class: " + misfiled);
    Set<String> classes = new HashSet<>();
    for (Class<?> c : OpRegistry.OP_CLASSES) classes.add(c.getSimpleName());
    for (Category c : Category.values()) {
      assertTrue(classes.remove(c.opClassName()), "no op class for " + c);
    }
    assertTrue(classes.isEmpty(), "op classes without a category: " + classes);
  }

  @Test
  void registryRejectsNothingAndNamesAreUnique() {
    Set<String> names = new HashSet<>();
    for (OpDescriptor d : OpRegistry.all()) {
      assertTrue(names.add(d.name()), d.name());
      assertFalse(d.doc().isBlank(), d.name() + " has no doc");
      assertTrue(d.dimensions().length > 0, d.name());
    }
  }
}
