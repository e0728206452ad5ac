package org.fovea.ops.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Reads the compiled test classes (bytecode, with ASM) and says, for each {@link Covers} test
 * method, what its code does: which methods it calls and which string constants it names, its own
 * body and everything it reaches in the test classes (private helpers, lambdas, method references,
 * test-kit helpers) taken together. The catalog gate uses it to require that a test covering an op
 * calls that op and compares a result with a test-kit comparison ({@link ImageAssert}); an
 * annotation on a test that does neither (a settings check, a smoke run) no longer counts.
 *
 * <p>Static and cheap (the class files are read once, no test runs): about a second for the
 * module's test classes.
 */
public final class CoversAudit {
  /** The test-kit comparisons: every public {@code assert*} method of {@link ImageAssert}. */
  public static final String COMPARISONS = Type.getInternalName(ImageAssert.class);

  /** A method invoked somewhere in the reach of a test: owner (internal name), name, descriptor. */
  public record Call(String owner, String name, String desc) {}

  /** What one {@link Covers} test method reaches. */
  public record Reach(
      String test,
      List<String> ops,
      Set<Call> calls,
      Set<String> strings,
      boolean compares,
      Map<String, ClassNode> classes,
      ResultFlow.Cache cache,
      ClassNode owner,
      MethodNode method) {
    /**
     * Whether the test passes a value derived from a call that {@code isOp} accepts (the op's
     * result, or an image it wrote) to a test-kit comparison; see {@link ResultFlow}.
     */
    public boolean comparesResultOf(Predicate<MethodInsnNode> isOp) {
      return ResultFlow.comparesResult(classes, cache, owner, method, isOp);
    }

    /** Calls a method named {@code name} of the class {@code owner} (any overload). */
    public boolean calls(Class<?> owner, String name) {
      String o = Type.getInternalName(owner);
      for (Call c : calls) if (c.owner.equals(o) && c.name.equals(name)) return true;
      return false;
    }

    @Override
    public String toString() {
      return test + (compares ? "" : " (compares nothing with ImageAssert)");
    }

    /** Calls any method of {@code owner} whose name is one of {@code names}. */
    public boolean callsAny(Class<?> owner, Set<String> names) {
      for (String n : names) if (calls(owner, n)) return true;
      return false;
    }
  }

  private final Map<String, ClassNode> classes = new HashMap<>();
  private final ResultFlow.Cache flows = new ResultFlow.Cache();

  private CoversAudit() {}

  /** Reads every class file under {@code root} (e.g. {@code target/test-classes}). */
  public static CoversAudit read(Path root) throws IOException {
    CoversAudit a = new CoversAudit();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          ClassNode cn = new ClassNode();
          new ClassReader(in).accept(cn, ClassReader.SKIP_FRAMES);
          a.classes.put(cn.name, cn);
        }
      }
    }
    return a;
  }

  /** Every {@link Covers} test method (class-level {@code @Covers} applies to each test). */
  public List<Reach> reaches() {
    String covers = Type.getDescriptor(Covers.class);
    List<Reach> out = new ArrayList<>();
    for (ClassNode cn : classes.values()) {
      List<String> onClass = coversValues(cn.visibleAnnotations, covers);
      for (MethodNode m : cn.methods) {
        if (!isTest(m)) continue; // only a test proves anything
        List<String> ops = new ArrayList<>(coversValues(m.visibleAnnotations, covers));
        ops.addAll(onClass);
        if (ops.isEmpty()) continue;
        out.add(reach(cn, m, ops));
      }
    }
    return out;
  }

  private Reach reach(ClassNode owner, MethodNode start, List<String> ops) {
    Set<Call> calls = new HashSet<>();
    Set<String> strings = new HashSet<>();
    Set<String> seen = new HashSet<>();
    Deque<Map.Entry<ClassNode, MethodNode>> todo = new ArrayDeque<>();
    todo.add(Map.entry(owner, start));
    seen.add(owner.name + "." + start.name + start.desc);
    boolean compares = false;
    while (!todo.isEmpty()) {
      Map.Entry<ClassNode, MethodNode> e = todo.poll();
      for (AbstractInsnNode insn : e.getValue().instructions) {
        List<Call> targets = new ArrayList<>();
        if (insn instanceof MethodInsnNode mi) {
          targets.add(new Call(mi.owner, mi.name, mi.desc));
        } else if (insn instanceof InvokeDynamicInsnNode indy) {
          // lambdas and method references: their implementation methods are reached too
          for (Object arg : indy.bsmArgs) {
            if (arg instanceof Handle h) {
              targets.add(new Call(h.getOwner(), h.getName(), h.getDesc()));
            } else if (arg instanceof String recipe) {
              // string concatenation: the recipe's constant parts ("threshold" + name)
              for (String part : recipe.split("[\u0001\u0002]")) strings.add(part);
            }
          }
        } else if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String s) {
          strings.add(s);
        }
        for (Call c : targets) {
          calls.add(c);
          if (c.owner.equals(COMPARISONS) && c.name.startsWith("assert")) compares = true;
          ClassNode target = classes.get(c.owner);
          if (target == null || c.owner.equals(COMPARISONS)) continue;
          MethodNode tm = find(target, c.name, c.desc);
          if (tm != null && seen.add(target.name + "." + tm.name + tm.desc)) {
            todo.add(Map.entry(target, tm));
          }
        }
      }
    }
    String test = owner.name.replace('/', '.') + "." + start.name;
    return new Reach(test, ops, calls, strings, compares, classes, flows, owner, start);
  }

  private static MethodNode find(ClassNode c, String name, String desc) {
    for (MethodNode m : c.methods) if (m.name.equals(name) && m.desc.equals(desc)) return m;
    return null;
  }

  private static boolean isTest(MethodNode m) {
    if (m.visibleAnnotations == null) return false;
    for (AnnotationNode a : m.visibleAnnotations) {
      if (a.desc.startsWith("Lorg/junit/jupiter/") && a.desc.endsWith("Test;")) return true;
    }
    return false;
  }

  private static List<String> coversValues(List<AnnotationNode> annotations, String desc) {
    List<String> names = new ArrayList<>();
    if (annotations == null) return names;
    for (AnnotationNode a : annotations) {
      if (!a.desc.equals(desc) || a.values == null) continue;
      for (int i = 0; i + 1 < a.values.size(); i += 2) {
        Object v = a.values.get(i + 1);
        if (v instanceof List<?> l) for (Object o : l) names.add((String) o);
        else names.add((String) v);
      }
    }
    return names;
  }

  /** Groups {@code reaches} by the op they name: op → the tests that name it. */
  public static Map<String, List<Reach>> byOp(List<Reach> reaches) {
    Map<String, List<Reach>> m = new LinkedHashMap<>();
    for (Reach r : reaches) {
      for (String op : new HashSet<>(r.ops())) m.computeIfAbsent(op, k -> new ArrayList<>()).add(r);
    }
    return m;
  }
}
