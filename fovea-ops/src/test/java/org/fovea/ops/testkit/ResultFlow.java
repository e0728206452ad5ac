package org.fovea.ops.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Does a test compare the op's result? A data-flow pass over the test's bytecode (ASM's {@link
 * SourceInterpreter}): values produced by a call of the op are tainted, and so is every value
 * computed from a tainted one (locals, arithmetic, casts, array elements, calls that take one: e.g.
 * {@code CpuImage.pull(dst)}); images passed to the op (its destination) and objects a tainted
 * value is stored into are tainted from where they were made. The test compares the op's result
 * when a test-kit comparison ({@link ImageAssert}) receives a tainted value. Helpers and lambdas of
 * the test classes are followed with their tainted parameters (a helper's result and what it stores
 * into its parameters flow back). A comparison of something else (the input with itself, a
 * constant, another op's result) does not count.
 */
final class ResultFlow {
  /** What a method does with the taint: compares it, returns it, writes it into parameters. */
  private record Summary(boolean compares, boolean returns, Set<Integer> outParams) {
    static final Summary NOTHING = new Summary(false, false, Set.of());
  }

  private final Map<String, ClassNode> classes;
  private final Predicate<MethodInsnNode> isOp;
  private final Map<String, Summary> memo = new HashMap<>();
  private final Map<MethodNode, Recording> recordings;

  private ResultFlow(
      Map<String, ClassNode> classes,
      Map<MethodNode, Recording> recordings,
      Predicate<MethodInsnNode> isOp) {
    this.classes = classes;
    this.recordings = recordings;
    this.isOp = isOp;
  }

  /** One interpretation of each method, shared by every op's question. */
  static final class Cache {
    final Map<MethodNode, Recording> recordings = new java.util.concurrent.ConcurrentHashMap<>();
  }

  /**
   * Whether {@code test} passes a value derived from a call that {@code isOp} accepts to
   * ImageAssert.
   */
  static boolean comparesResult(
      Map<String, ClassNode> classes,
      Cache cache,
      ClassNode owner,
      MethodNode test,
      Predicate<MethodInsnNode> isOp) {
    return new ResultFlow(classes, cache.recordings, isOp)
        .summary(owner, test, Set.of(), 0)
        .compares();
  }

  private Summary summary(ClassNode cn, MethodNode m, Set<Integer> taintedParams, int depth) {
    String key = cn.name + "." + m.name + m.desc + new TreeSet<>(taintedParams);
    Summary known = memo.get(key);
    if (known != null) return known;
    memo.put(key, Summary.NOTHING); // recursion: assume nothing until known
    Summary s =
        depth > 6 || m.instructions.size() == 0
            ? Summary.NOTHING
            : analyse(cn, m, taintedParams, depth);
    memo.put(key, s);
    return s;
  }

  /** Records every instruction's operands. */
  private static final class Recording extends SourceInterpreter {
    final Map<AbstractInsnNode, List<SourceValue>> operands = new HashMap<>();

    Recording() {
      super(Opcodes.ASM9);
    }

    private void rec(AbstractInsnNode insn, List<? extends SourceValue> vs) {
      operands.computeIfAbsent(insn, k -> new ArrayList<>()).addAll(vs);
    }

    @Override
    public SourceValue copyOperation(AbstractInsnNode insn, SourceValue v) {
      rec(insn, List.of(v));
      return super.copyOperation(insn, v);
    }

    @Override
    public SourceValue unaryOperation(AbstractInsnNode insn, SourceValue v) {
      rec(insn, List.of(v));
      return super.unaryOperation(insn, v);
    }

    @Override
    public SourceValue binaryOperation(AbstractInsnNode insn, SourceValue a, SourceValue b) {
      rec(insn, List.of(a, b));
      return super.binaryOperation(insn, a, b);
    }

    @Override
    public SourceValue ternaryOperation(
        AbstractInsnNode insn, SourceValue a, SourceValue b, SourceValue c) {
      rec(insn, List.of(a, b, c));
      return super.ternaryOperation(insn, a, b, c);
    }

    @Override
    public SourceValue naryOperation(AbstractInsnNode insn, List<? extends SourceValue> vs) {
      rec(insn, vs);
      return super.naryOperation(insn, vs);
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, SourceValue v, SourceValue expected) {
      rec(insn, List.of(v));
    }
  }

  private Summary analyse(ClassNode cn, MethodNode m, Set<Integer> taintedParams, int depth) {
    Recording rec = recordings.computeIfAbsent(m, k -> interpret(cn, m));
    if (rec.operands.isEmpty()) return Summary.NOTHING;
    Map<Integer, Integer> paramOfSlot = paramSlots(m);
    Set<AbstractInsnNode> tainted = new HashSet<>();
    Set<Integer> outParams = new HashSet<>();
    boolean compares = false;
    boolean changed = true;
    while (changed && !compares) {
      changed = false;
      for (AbstractInsnNode insn : m.instructions) {
        List<SourceValue> ops = rec.operands.getOrDefault(insn, List.of());
        boolean[] hot = new boolean[ops.size()];
        boolean any = false;
        for (int i = 0; i < ops.size(); i++) {
          hot[i] = isTainted(ops.get(i), insn, tainted, taintedParams, paramOfSlot);
          any |= hot[i];
        }
        boolean seed = insn instanceof MethodInsnNode mi && isOp.test(mi);
        if ((any || seed) && tainted.add(insn)) changed = true;
        if (insn instanceof MethodInsnNode mi) {
          if (any && mi.owner.equals(CoversAudit.COMPARISONS) && mi.name.startsWith("assert")) {
            compares = true;
            break;
          }
          Summary callee = callee(mi.owner, mi.name, mi.desc, hot, depth);
          if (callee.compares()) {
            compares = true;
            break;
          }
          if (callee.returns() && tainted.add(insn)) changed = true;
          boolean[] refs = referenceOperands(mi);
          for (int i = 0; i < ops.size() && i < refs.length; i++) {
            // the op writes into its images; a call that takes a tainted value may keep it in the
            // others (a list, an array, a destination)
            boolean out = (any || seed) || callee.outParams().contains(i);
            if (refs[i] && out)
              changed |= backtrack(ops.get(i), rec.operands, tainted, outParams, paramOfSlot);
          }
        } else if (insn instanceof InvokeDynamicInsnNode indy) {
          for (Object arg : indy.bsmArgs) {
            if (!(arg instanceof Handle h)) continue;
            Summary impl = callee(h.getOwner(), h.getName(), h.getDesc(), hot, depth);
            if (impl.compares()) {
              compares = true;
              break;
            }
            if (impl.returns() && tainted.add(insn)) changed = true;
          }
          if (compares) break;
        } else if (any && storesInto(insn) && !ops.isEmpty()) {
          changed |= backtrack(ops.get(0), rec.operands, tainted, outParams, paramOfSlot);
        }
      }
    }
    boolean returns = false;
    for (AbstractInsnNode insn : m.instructions) {
      int op = insn.getOpcode();
      if (op >= Opcodes.IRETURN && op <= Opcodes.ARETURN && tainted.contains(insn)) returns = true;
    }
    return new Summary(compares, returns, outParams);
  }

  private static Recording interpret(ClassNode cn, MethodNode m) {
    Recording rec = new Recording();
    try {
      new Analyzer<>(rec).analyze(cn.name, m);
    } catch (AnalyzerException e) {
      rec.operands.clear(); // unreadable: proves nothing
    }
    return rec;
  }

  /** The summary of a method of the test classes (nothing for library methods). */
  private Summary callee(String owner, String name, String desc, boolean[] hot, int depth) {
    ClassNode c = classes.get(owner);
    if (c == null || owner.equals(CoversAudit.COMPARISONS)) return Summary.NOTHING;
    for (MethodNode mn : c.methods) {
      if (!mn.name.equals(name) || !mn.desc.equals(desc)) continue;
      Set<Integer> params = new HashSet<>();
      for (int i = 0; i < hot.length; i++) if (hot[i]) params.add(i);
      return summary(c, mn, params, depth + 1);
    }
    return Summary.NOTHING;
  }

  private static boolean isTainted(
      SourceValue v,
      AbstractInsnNode at,
      Set<AbstractInsnNode> tainted,
      Set<Integer> taintedParams,
      Map<Integer, Integer> paramOfSlot) {
    for (AbstractInsnNode p : v.insns) if (tainted.contains(p)) return true;
    // a load of a parameter never stored to in this method
    if (v.insns.isEmpty() && at instanceof VarInsnNode vi) {
      Integer param = paramOfSlot.get(vi.var);
      return param != null && taintedParams.contains(param);
    }
    return false;
  }

  /**
   * Marks where the object {@code v} came from, back through loads, stores, dups and casts, so that
   * every later use of it is tainted; a parameter reached this way is written by the method.
   */
  private static boolean backtrack(
      SourceValue v,
      Map<AbstractInsnNode, List<SourceValue>> operands,
      Set<AbstractInsnNode> tainted,
      Set<Integer> outParams,
      Map<Integer, Integer> paramOfSlot) {
    boolean changed = false;
    for (AbstractInsnNode p : v.insns) {
      if (!tainted.add(p)) continue;
      changed = true;
      int op = p.getOpcode();
      boolean copy =
          op == Opcodes.ALOAD
              || op == Opcodes.ASTORE
              || op == Opcodes.DUP
              || op == Opcodes.CHECKCAST;
      if (!copy) continue;
      for (SourceValue from : operands.getOrDefault(p, List.of())) {
        if (from.insns.isEmpty()
            && p instanceof VarInsnNode vi
            && paramOfSlot.containsKey(vi.var)) {
          outParams.add(paramOfSlot.get(vi.var));
        }
        backtrack(from, operands, tainted, outParams, paramOfSlot);
      }
    }
    return changed;
  }

  /** Stores a value into an object (array element, field): the object takes the taint. */
  private static boolean storesInto(AbstractInsnNode insn) {
    int op = insn.getOpcode();
    return (op >= Opcodes.IASTORE && op <= Opcodes.SASTORE)
        || (insn instanceof FieldInsnNode && op == Opcodes.PUTFIELD);
  }

  /** Which operands of a call are references (receiver first when not static). */
  private static boolean[] referenceOperands(MethodInsnNode mi) {
    Type[] args = Type.getArgumentTypes(mi.desc);
    boolean instance = mi.getOpcode() != Opcodes.INVOKESTATIC;
    boolean[] r = new boolean[args.length + (instance ? 1 : 0)];
    int i = 0;
    if (instance) r[i++] = true;
    for (Type t : args) r[i++] = t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
    return r;
  }

  /** Local-variable slot → parameter index (operand position, receiver first when not static). */
  private static Map<Integer, Integer> paramSlots(MethodNode m) {
    Map<Integer, Integer> map = new HashMap<>();
    int slot = 0;
    int index = 0;
    if ((m.access & Opcodes.ACC_STATIC) == 0) map.put(slot++, index++);
    for (Type t : Type.getArgumentTypes(m.desc)) {
      map.put(slot, index++);
      slot += t.getSize();
    }
    return map;
  }
}
