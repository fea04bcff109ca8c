package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeras.backend.cuda.CudaKernels.Arg;
import io.jkeras.backend.cuda.CudaKernels.Kernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the Java kernel table against the C header it mirrors,
 * {@code native/include/jkeras_kernels.h}, parsed here on its own terms: comments removed,
 * the JK_UNARY/JK_BINARY macros expanded, every {@code __global__} declaration read, the
 * structs sized from their members. A kernel whose name, argument count or argument types
 * differ, and a packed layout that does not follow C alignment, fail here rather than as
 * garbage on a GPU.
 */
class CudaKernelsAbiTest {
    private static final Path HEADER = Path.of("native", "include", "jkeras_kernels.h");

    private static String source;
    private static Map<String, Integer> defines;
    private static Map<String, Integer> structSizes;
    private static Map<String, List<String>> declared;

    @BeforeAll
    static void parse() throws IOException {
        assertTrue(Files.exists(HEADER), "the kernel header " + HEADER.toAbsolutePath() + " is missing");
        source = stripComments(Files.readString(HEADER));
        defines = parseDefines(source);
        structSizes = parseStructs(source, defines);
        declared = parseKernels(expandMacros(source));
    }

    @Test
    void constantsMatch() {
        assertEquals(defines.get("JK_KERNELS_VERSION"), CudaKernels.VERSION, "JK_KERNELS_VERSION");
        assertEquals(defines.get("JK_MAX_RANK"), CudaKernels.MAX_RANK, "JK_MAX_RANK");
    }

    @Test
    void structSizesMatch() {
        assertEquals(Map.of("jk_broadcast", 76, "jk_transpose", 52, "jk_conv2d", 60), structSizes);
        assertEquals(76, Arg.BROADCAST.size);
        assertEquals(52, Arg.TRANSPOSE.size);
        assertEquals(60, Arg.CONV2D.size);
        for (Arg a : Arg.values()) {
            assertEquals(expectedSize(a.cType), a.size, a.cType + " size");
            assertEquals(expectedAlign(a.cType), a.align, a.cType + " alignment");
        }
    }

    @Test
    void everyDeclaredKernelIsInTheTableAndNoOther() {
        TreeSet<String> java = new TreeSet<>();
        for (Kernel k : CudaKernels.all()) {
            assertTrue(java.add(k.name), "kernel " + k.name + " is in the Java table twice");
        }
        TreeSet<String> missing = new TreeSet<>(declared.keySet());
        missing.removeAll(java);
        TreeSet<String> extra = new TreeSet<>(java);
        extra.removeAll(declared.keySet());
        assertTrue(missing.isEmpty() && extra.isEmpty(),
                "kernels declared in the header but not in CudaKernels: " + missing
                        + "; in CudaKernels but not declared in the header: " + extra);
        // the macro expansion and the declaration parser found a plausible number of kernels
        assertTrue(declared.size() > 80, "only " + declared.size() + " kernels parsed from the header");
    }

    @Test
    void argumentKindsMatch() {
        for (Kernel k : CudaKernels.all()) {
            List<String> cTypes = declared.get(k.name);
            if (cTypes == null) {
                continue; // reported by everyDeclaredKernelIsInTheTableAndNoOther
            }
            List<String> java = new ArrayList<>();
            for (Arg a : k.args) {
                java.add(a.cType);
            }
            assertEquals(cTypes, java, "argument types of " + k.name);
        }
    }

    @Test
    void packedOffsetsFollowCAlignment() {
        for (Kernel k : CudaKernels.all()) {
            int off = 0;
            for (int i = 0; i < k.args.length; i++) {
                String type = k.args[i].cType;
                int align = expectedAlign(type);
                off = (off + align - 1) / align * align;
                assertEquals(off, k.offsets[i], k.name + ": offset of argument " + i + " (" + type + ")");
                off += expectedSize(type);
            }
            // the driver wants the end of the last parameter, without tail padding
            assertEquals(off, k.size, k.name + ": argument block size");
        }
        // spot checks worked out by hand
        Kernel binary = CudaKernels.BINARY[0];
        assertEquals(List.of(0, 8, 16, 24, 32), asList(binary.offsets), binary.name);
        assertEquals(108, binary.size, binary.name);
        Kernel scalar = CudaKernels.BINARY_SCALAR[0];
        assertEquals(List.of(0, 8, 12, 16, 24), asList(scalar.offsets), scalar.name);
        assertEquals(32, scalar.size);
        Kernel im2col = CudaKernels.IM2COL;
        assertEquals(List.of(0, 8, 16, 76, 80), asList(im2col.offsets), im2col.name);
        assertEquals(84, im2col.size);
        Kernel dropout = CudaKernels.DROPOUT;
        assertEquals(List.of(0, 8, 16, 24, 32), asList(dropout.offsets), dropout.name);
        assertEquals(40, dropout.size);
        assertTrue(CudaKernels.MAX_ARG_BYTES >= 108);
    }

    @Test
    void unaryAndBinaryKernelsFollowTheEnums() {
        // the header lists the ops by hand; a new enum constant without kernels fails above,
        // and the table is indexed by ordinal, so each slot must hold its own op
        for (io.jkeras.backend.UnaryOp op : io.jkeras.backend.UnaryOp.values()) {
            assertEquals(op.name().toLowerCase() + "_forward_kernel", CudaKernels.UNARY_FORWARD[op.ordinal()].name);
        }
        for (io.jkeras.backend.BinaryOp op : io.jkeras.backend.BinaryOp.values()) {
            assertEquals(op.name().toLowerCase() + "_binary_kernel", CudaKernels.BINARY[op.ordinal()].name);
        }
        for (io.jkeras.backend.ReduceOp op : io.jkeras.backend.ReduceOp.values()) {
            assertEquals("reduce_" + op.name().toLowerCase() + "_kernel", CudaKernels.REDUCE[op.ordinal()].name);
        }
    }

    // ---- a small parser of the header ----------------------------------------------------

    private static List<Integer> asList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int v : a) {
            out.add(v);
        }
        return out;
    }

    private static int expectedSize(String cType) {
        return switch (cType) {
            case "int", "float" -> 4;
            case "long long", "unsigned long long" -> 8;
            default -> cType.endsWith("*") ? 8 : structSize(cType);
        };
    }

    private static int expectedAlign(String cType) {
        // every struct of the header holds only ints
        return structSizes.containsKey(cType) ? 4 : expectedSize(cType);
    }

    private static int structSize(String name) {
        Integer size = structSizes.get(name);
        if (size == null) {
            fail("unknown C type " + name);
        }
        return size;
    }

    static String stripComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", "");
    }

    private static Map<String, Integer> parseDefines(String text) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*#define\\s+(\\w+)\\s+(\\d+)\\s*$").matcher(text);
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    /** Struct sizes from their members: every member must be int (scalars, lists, arrays). */
    private static Map<String, Integer> parseStructs(String text, Map<String, Integer> defs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("typedef\\s+struct\\s*\\{(.*?)\\}\\s*(\\w+)\\s*;", Pattern.DOTALL).matcher(text);
        while (m.find()) {
            int ints = 0;
            for (String member : m.group(1).split(";")) {
                String decl = member.trim();
                if (decl.isEmpty()) {
                    continue;
                }
                assertTrue(decl.startsWith("int "), "struct " + m.group(2) + " member is not int: " + decl);
                for (String name : decl.substring(4).split(",")) {
                    Matcher arr = Pattern.compile("\\w+\\s*\\[\\s*(\\w+)\\s*]").matcher(name.trim());
                    if (arr.matches()) {
                        String len = arr.group(1);
                        ints += len.chars().allMatch(Character::isDigit) ? Integer.parseInt(len) : defs.get(len);
                    } else {
                        ints++;
                    }
                }
            }
            out.put(m.group(2), 4 * ints);
        }
        return out;
    }

    /** Expands the one-parameter function-like macros (JK_UNARY(op) and the like) used in the header. */
    static String expandMacros(String text) {
        String joined = text.replace("\\\n", " ");
        Map<String, String[]> macros = new LinkedHashMap<>();
        StringBuilder rest = new StringBuilder();
        for (String line : joined.split("\n")) {
            Matcher def = Pattern.compile("^\\s*#define\\s+(\\w+)\\((\\w+)\\)(.*)$").matcher(line);
            if (def.matches()) {
                macros.put(def.group(1), new String[] {def.group(2), def.group(3)});
            } else {
                rest.append(line).append('\n');
            }
        }
        String out = rest.toString();
        for (Map.Entry<String, String[]> e : macros.entrySet()) {
            String param = e.getValue()[0];
            String body = e.getValue()[1];
            Matcher use = Pattern.compile("\\b" + e.getKey() + "\\(\\s*(\\w+)\\s*\\)").matcher(out);
            StringBuilder expanded = new StringBuilder();
            while (use.find()) {
                String arg = use.group(1);
                String text1 = body.replaceAll("\\b" + param + "\\s*##\\s*", arg)
                        .replaceAll("\\b" + param + "\\b", arg);
                use.appendReplacement(expanded, Matcher.quoteReplacement(text1));
            }
            use.appendTail(expanded);
            out = expanded.toString();
        }
        return out;
    }

    /** Name to the normalised C types of its parameters, for every {@code __global__} declaration. */
    static Map<String, List<String>> parseKernels(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("__global__\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*;").matcher(text);
        while (m.find()) {
            List<String> types = new ArrayList<>();
            String params = m.group(2).trim();
            if (!params.isEmpty() && !params.equals("void")) {
                for (String p : params.split(",")) {
                    types.add(typeOf(p));
                }
            }
            if (out.put(m.group(1), types) != null) {
                fail("kernel " + m.group(1) + " is declared twice in the header");
            }
        }
        return out;
    }

    /** "const float* x" -> "const float*", "unsigned long long seed" -> "unsigned long long". */
    private static String typeOf(String param) {
        String p = param.trim().replaceAll("\\s+", " ").replaceAll("\\s*\\*\\s*", "* ");
        Matcher m = Pattern.compile("^(.*?)(\\w+)$").matcher(p.trim());
        if (!m.matches()) {
            fail("cannot read the parameter \"" + param + "\"");
        }
        return m.group(1).trim();
    }
}
