package io.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.Utils;
import io.jkeras.layers.Dense;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a file that is not a complete jkeras file fails with a message saying what is wrong. */
class CorruptFileTest {
    @TempDir
    Path dir;
    private Path good;

    @BeforeEach
    void saveAGoodFile() {
        Utils.clearSession();
        Utils.setRandomSeed(1);
        good = dir.resolve("good.jks");
        try (Sequential s = new Sequential(Input.of(3), new Dense(4).activation("relu"), new Dense(2))) {
            s.compile("adam", "mse");
            s.save(good);
        }
    }

    private static String loadError(Path p) {
        return assertThrows(IllegalArgumentException.class, () -> Model.load(p).close()).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "\"" + part + "\" missing from: " + message);
        }
    }

    /** A copy of the good file with each entry's bytes passed through {@code edit} (null drops the entry). */
    private Path rewrite(String name, java.util.function.BiFunction<String, byte[], byte[]> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(good.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                byte[] content = edit.apply(e.getKey(), e.getValue());
                if (content != null) {
                    out.putNextEntry(new ZipEntry(e.getKey()));
                    out.write(content);
                    out.closeEntry();
                }
            }
        }
        Path p = dir.resolve(name);
        Files.write(p, bytes.toByteArray());
        return p;
    }

    private Path editDescription(String name, UnaryOperator<String> edit) throws IOException {
        return rewrite(name, (entry, content) -> entry.equals("jkeras.json")
                ? edit.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8) : content);
    }

    @Test
    void notAZipFile() throws IOException {
        Path p = dir.resolve("text.jks");
        Files.writeString(p, "this is not a model");
        assertMentions(loadError(p), p.toString(), "not a jkeras file", "ZIP");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] all = Files.readAllBytes(good);
        Path p = dir.resolve("truncated.jks");
        Files.write(p, Arrays.copyOf(all, all.length / 2));
        assertMentions(loadError(p), "not a jkeras file", "not a complete ZIP");
    }

    @Test
    void foreignZip() throws IOException {
        Path p = rewrite("foreign.zip", (entry, content) -> entry.equals("jkeras.json") ? null : content);
        assertMentions(loadError(p), "not a jkeras file", "no jkeras.json");
    }

    @Test
    void descriptionThatIsNotJson() throws IOException {
        Path p = editDescription("bad-json.jks", s -> s.substring(0, s.length() / 2));
        assertMentions(loadError(p), "is corrupt", "invalid JSON at offset");
    }

    @Test
    void newerFormatVersion() throws IOException {
        Path p = editDescription("newer.jks", s -> s.replace("\"format_version\": 1", "\"format_version\": 99"));
        assertMentions(loadError(p), "format version 99", "newer");
    }

    @Test
    void flippedBitFailsTheChecksum() throws IOException {
        byte[] all = Files.readAllBytes(good);
        // the arrays are stored uncompressed: find the first array entry's data and flip a bit in it
        try (ZipFile zip = new ZipFile(good.toFile())) {
            byte[] first = zip.getInputStream(zip.getEntry("arrays/0.f32")).readAllBytes();
            int at = indexOf(all, first);
            all[at + 2] ^= 0x10;
        }
        Path p = dir.resolve("flipped.jks");
        Files.write(p, all);
        assertMentions(loadError(p), "is corrupt", "arrays/0.f32", "CRC");
    }

    @Test
    void arrayOfTheWrongSize() throws IOException {
        Path p = rewrite("short-array.jks", (entry, content) -> entry.equals("arrays/1.f32")
                ? Arrays.copyOf(content, content.length - 4) : content);
        assertMentions(loadError(p), "arrays/1.f32", "12 bytes", "needs 16");
    }

    @Test
    void layerConfigMissingAnOption() throws IOException {
        Path p = editDescription("no-units.jks", s -> s.replaceFirst("\"units\": 4,", ""));
        assertMentions(loadError(p), "layer dense_1 (Dense)", "\"units\"");
    }

    @Test
    void unknownLayerClass() throws IOException {
        Path p = editDescription("unknown.jks",
                s -> s.replaceFirst("\"class_name\": \"Dense\"", "\"class_name\": \"Densest\""));
        assertMentions(loadError(p), "Unknown layer class \"Densest\"", "LayerRegistry.register");
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("absent.jks");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Model.load(p));
        assertMentions(e.getMessage(), p.toString(), "no such file");
    }

    private static int indexOf(byte[] all, byte[] part) {
        for (int i = 0; i + part.length <= all.length; i++) {
            if (Arrays.equals(all, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("array bytes not found in the file");
    }
}
