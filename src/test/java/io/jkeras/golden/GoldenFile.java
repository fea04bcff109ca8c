package io.jkeras.golden;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the golden-value files that scripts/golden/make_golden.py writes under
 * src/test/resources/golden. The format is line-based: {@code # comment}, {@code case NAME},
 * {@code text KEY VALUE}, and {@code tensor KEY D0 D1 ...} followed by the array's row-major
 * values on the next lines (a tensor without dimensions is a scalar).
 */
public final class GoldenFile {
    private GoldenFile() {
    }

    /** The cases of {@code golden/<file>} on the test class path, in file order. */
    public static List<GoldenCase> read(String file) {
        String resource = "/golden/" + file;
        try (InputStream in = GoldenFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + resource
                        + " on the class path; run scripts/golden/make_golden.py");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return parse(file, r.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the lines of one file; {@code source} names it in error messages. */
    public static List<GoldenCase> parse(String source, List<String> lines) {
        List<GoldenCase> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        GoldenCase current = null;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i).strip();
            int lineNo = ++i;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            String where = source + ":" + lineNo + ": ";
            if (words[0].equals("case")) {
                if (words.length != 2 || !names.add(words[1])) {
                    throw new IllegalArgumentException(where + "expected 'case NAME' with a new name, got: " + line);
                }
                current = new GoldenCase(words[1]);
                cases.add(current);
                continue;
            }
            if (current == null) {
                throw new IllegalArgumentException(where + "expected 'case NAME' first, got: " + line);
            }
            switch (words[0]) {
                case "text" -> {
                    if (words.length < 3) {
                        throw new IllegalArgumentException(where + "expected 'text KEY VALUE', got: " + line);
                    }
                    String value = line.substring(line.indexOf(words[1]) + words[1].length()).strip();
                    current.putText(words[1], value);
                }
                case "tensor" -> {
                    if (words.length < 2) {
                        throw new IllegalArgumentException(where + "expected 'tensor KEY D0 D1 ...', got: " + line);
                    }
                    int[] shape = new int[words.length - 2];
                    int size = 1;
                    for (int d = 0; d < shape.length; d++) {
                        shape[d] = Integer.parseInt(words[d + 2]);
                        size *= shape[d];
                    }
                    double[] values = new double[size];
                    int filled = 0;
                    while (filled < size) {
                        if (i >= lines.size()) {
                            throw new IllegalArgumentException(where + "tensor " + words[1] + " needs " + size
                                    + " values, the file ends after " + filled);
                        }
                        String row = lines.get(i++).strip();
                        if (row.isEmpty() || row.startsWith("#")) {
                            continue;
                        }
                        for (String v : row.split("\\s+")) {
                            if (filled == size) {
                                throw new IllegalArgumentException(source + ":" + i + ": tensor " + words[1]
                                        + " has more than its " + size + " values");
                            }
                            values[filled++] = Double.parseDouble(v);
                        }
                    }
                    current.putArray(words[1], new GoldenArray(shape, values));
                }
                default -> throw new IllegalArgumentException(where + "expected case, text or tensor, got: " + line);
            }
        }
        return cases;
    }
}
