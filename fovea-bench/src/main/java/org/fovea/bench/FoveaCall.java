package org.fovea.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fovea.core.GpuImage;
import org.fovea.ops.OpDescriptor;
import org.fovea.ops.OpDescriptor.ParamInfo;
import org.fovea.ops.OpDescriptor.Role;
import org.fovea.ops.OpRegistry;

/**
 * A Fovea op call prepared once (arguments coerced, output allocated by a first call) and then
 * invoked repeatedly with no per-call parsing. Ops are looked up by name in the registry, so the
 * benchmarks compile and run on whatever ops the build has: a missing op throws {@link OpMissing}.
 */
public final class FoveaCall {
  /** The op is not in this build (or its signature does not fit the benchmark). */
  public static final class OpMissing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OpMissing(String msg) {
      super(msg);
    }
  }

  private final OpDescriptor desc;
  private final Object[] args;
  private final int outIndex;
  private GpuImage out;
  private Object lastResult;

  private FoveaCall(OpDescriptor desc, Object[] args, int outIndex) {
    this.desc = desc;
    this.args = args;
    this.outIndex = outIndex;
  }

  /** True when the registry has the op. */
  public static boolean has(String op) {
    return OpRegistry.find(op).isPresent();
  }

  /**
   * Prepares {@code op}: input images fill the input parameters in order, {@code dst} (may be null:
   * the first call allocates) the first output parameter, and {@code named} are pairs of (parameter
   * name exactly as the op's descriptor declares it, value); other scalars take their defaults. A
   * name the descriptor does not declare is an error (no guessed aliases). Runs the op once
   * (compiling its kernels) and keeps its output for later calls.
   */
  public static FoveaCall prepare(String op, GpuImage[] inputs, GpuImage dst, Object... named) {
    Optional<OpDescriptor> od = OpRegistry.find(op);
    if (od.isEmpty()) throw new OpMissing("op missing: " + op);
    OpDescriptor d = od.get();
    List<ParamInfo> ps = d.params();
    Object[] a = new Object[ps.size()];
    int nextInput = 0;
    int outIndex = -1;
    List<String> used = new ArrayList<>();
    for (int i = 0; i < ps.size(); i++) {
      ParamInfo p = ps.get(i);
      if (p.role() == Role.INPUT_IMAGE) {
        if (nextInput >= inputs.length) {
          throw new OpMissing(op + ": signature " + d.signature() + " needs more input images");
        }
        a[i] = inputs[nextInput++];
      } else if (p.role() == Role.OUTPUT_IMAGE) {
        if (outIndex < 0) {
          outIndex = i;
          a[i] = dst;
        }
      } else {
        Object v = null;
        for (int k = 0; k + 1 < named.length; k += 2) {
          if (p.name().equals(named[k])) {
            v = named[k + 1];
            used.add((String) named[k]);
          }
        }
        if (v == null && p.defaultValue().isEmpty()) {
          throw new OpMissing(
              op + ": no value for required parameter '" + p.name() + "' of " + d.signature());
        }
        a[i] = d.coerce(p, v);
      }
    }
    for (int k = 0; k + 1 < named.length; k += 2) {
      if (!used.contains((String) named[k])) {
        throw new OpMissing(op + ": no parameter matches '" + named[k] + "' in " + d.signature());
      }
    }
    if (nextInput != inputs.length) {
      throw new OpMissing(op + ": signature " + d.signature() + " takes fewer input images");
    }
    FoveaCall c = new FoveaCall(d, a, outIndex);
    c.run();
    return c;
  }

  /** Invokes the op once (asynchronously, as the op itself is). */
  public Object run() {
    // the arguments were coerced once in prepare; a family member gets its variant prepended
    lastResult = desc.invokeUnchecked(args);
    if (out == null) {
      if (lastResult instanceof GpuImage g) out = g;
      else if (outIndex >= 0) out = (GpuImage) args[outIndex];
      if (outIndex >= 0 && out != null) args[outIndex] = out;
    }
    return lastResult;
  }

  /** The output image (allocated by the first call when no dst was given). */
  public GpuImage output() {
    return out;
  }

  public Object lastResult() {
    return lastResult;
  }

  public String signature() {
    return desc.signature();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "FoveaCall[%s]", desc.signature());
  }
}
