package org.fovea.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.macro.ExtensionDescriptor;
import ij.macro.MacroExtension;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fovea.ops.OpDescriptor;
import org.fovea.ops.OpDescriptor.Role;
import org.fovea.ops.OpRegistry;
import org.junit.jupiter.api.Test;

/**
 * The macro functions are generated from the registry: every op is an {@code Ext.Fovea_} function
 * with its descriptor's arguments, and nothing else is (besides the built-ins). A new op appears
 * without touching fovea-imagej.
 */
class MacroFunctionSetTest {
  @Test
  void theMacroFunctionsAreTheRegistryPlusTheBuiltIns() {
    FoveaMacroExtensions ext = new FoveaMacroExtensions(FoveaSession.get());
    Set<String> registered =
        Arrays.stream(ext.getExtensionFunctions()).map(d -> d.name).collect(Collectors.toSet());
    Set<String> expected = new TreeSet<>();
    for (OpDescriptor d : OpRegistry.all()) expected.add("Fovea_" + d.name());
    for (String b : FoveaMacroExtensions.BUILTINS.keySet()) expected.add("Fovea_" + b);
    assertEquals(expected, new TreeSet<>(registered));
    assertEquals(
        OpRegistry.all().size() + FoveaMacroExtensions.BUILTINS.size(),
        ext.getExtensionFunctions().length,
        "a function is registered twice (an op named like a built-in?)");
  }

  @Test
  void noOpIsNamedLikeABuiltIn() {
    Set<String> ops = new HashSet<>();
    for (OpDescriptor d : OpRegistry.all()) ops.add(d.name());
    for (String b : FoveaMacroExtensions.BUILTINS.keySet()) {
      assertFalse(ops.contains(b), "op '" + b + "' hides the built-in Ext.Fovea_" + b);
    }
  }

  @Test
  void eachFunctionTakesTheDescriptorsArgumentsInOrder() {
    FoveaMacroExtensions ext = new FoveaMacroExtensions(FoveaSession.get());
    for (ExtensionDescriptor fd : ext.getExtensionFunctions()) {
      String name = fd.name.substring("Fovea_".length());
      if (FoveaMacroExtensions.BUILTINS.containsKey(name)) continue;
      OpDescriptor d = OpRegistry.get(name);
      int n = d.params().size();
      int results = MacroBinding.resultSlotNames(d).size();
      assertEquals(n + results + MacroBinding.EXTRA_SLOTS, fd.argTypes.length, name);
      for (int i = 0; i < n; i++) {
        var p = d.params().get(i);
        int raw = ExtensionDescriptor.getRawType(fd.argTypes[i]);
        boolean numeric = p.role() == Role.SCALAR && MacroBinding.isNumeric(p.javaType());
        assertEquals(
            numeric ? MacroExtension.ARG_NUMBER : MacroExtension.ARG_STRING,
            raw,
            name + " argument " + p.name());
        assertFalse(ExtensionDescriptor.isOutputArg(fd.argTypes[i]), name + " " + p.name());
      }
      for (int i = n; i < n + results; i++) {
        assertTrue(ExtensionDescriptor.isOutputArg(fd.argTypes[i]), name + " result " + i);
      }
    }
  }

  @Test
  void scalarResultsComeBackThroughOneOutputVariablePerResultName() {
    for (OpDescriptor d : OpRegistry.all()) {
      MacroBinding b = new MacroBinding(d);
      long outs = b.slots().stream().filter(MacroBinding.Slot::isOutputVariable).count();
      if (!d.hasScalarResult()) assertEquals(0, outs, d.name());
      else if (d.returnType().isArray() && !d.resultNames().isEmpty()) {
        assertEquals(d.resultNames().size(), outs, d.name());
        assertEquals(
            d.resultNames(),
            b.argumentNames()
                .subList(b.argumentNames().size() - (int) outs, b.argumentNames().size()),
            d.name());
      } else assertEquals(1, outs, d.name());
    }
  }
}
