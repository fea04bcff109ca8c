package io.jkeras.saving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The container of a jkeras file: a ZIP archive whose first entry, {@value #DESCRIPTION}, is
 * the JSON description, followed by one stored (uncompressed) entry per float array, its
 * values little-endian float32 in row-major order. The description names each array's entry
 * and shape. Reading checks every entry against its CRC and every array against its shape.
 */
final class Archive {
    static final String DESCRIPTION = "jkeras.json";
    static final String FORMAT = "jkeras";
    static final int VERSION = 1;

    private Archive() {
    }

    /** Collects arrays, then writes them after the description. */
    static final class Writer {
        private final List<float[]> arrays = new ArrayList<>();

        /** Queues {@code data} and returns the entry name the description should give for it. */
        String add(float[] data) {
            arrays.add(data);
            return entryName(arrays.size() - 1);
        }

        private static String entryName(int i) {
            return "arrays/" + i + ".f32";
        }

        void writeTo(OutputStream out, Map<String, Object> description) throws IOException {
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            zip.putNextEntry(new ZipEntry(DESCRIPTION));
            zip.write(Json.write(description).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (int i = 0; i < arrays.size(); i++) {
                byte[] bytes = toBytes(arrays.get(i));
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry e = new ZipEntry(entryName(i));
                e.setMethod(ZipEntry.STORED);
                e.setSize(bytes.length);
                e.setCompressedSize(bytes.length);
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(bytes);
                zip.closeEntry();
            }
            zip.finish();
        }
    }

    /** A file read back: its description and the raw bytes of every entry. */
    static final class Contents {
        private final Path path;
        private final Map<String, Object> description;
        private final Map<String, byte[]> entries;

        private Contents(Path path, Map<String, Object> description, Map<String, byte[]> entries) {
            this.path = path;
            this.description = description;
            this.entries = entries;
        }

        Map<String, Object> description() {
            return description;
        }

        Config config(String owner) {
            return new Config(owner, description);
        }

        /** The array stored in {@code entry}, checked to hold {@code shape}'s number of values. */
        float[] array(String entry, int[] shape, String what) {
            byte[] bytes = entries.get(entry);
            if (bytes == null) {
                throw corrupt(path, what + " should be in entry \"" + entry + "\", which the file does not have");
            }
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            if (bytes.length != n * Float.BYTES) {
                throw corrupt(path, "entry \"" + entry + "\" (" + what + ") has " + bytes.length + " bytes, but shape "
                        + java.util.Arrays.toString(shape) + " needs " + n * Float.BYTES);
            }
            float[] out = new float[(int) n];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
    }

    static byte[] toBytes(float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        return b.array();
    }

    static IllegalArgumentException corrupt(Path path, String what) {
        return new IllegalArgumentException("The jkeras file " + path + " is corrupt: " + what);
    }

    /** Reads and checks a whole file; anything that is not a jkeras file of a known version fails. */
    @SuppressWarnings("unchecked")
    static Contents read(Path path) {
        if (!Files.exists(path)) {
            throw new UncheckedIOException("Cannot read " + path + ": no such file",
                    new NoSuchFileException(path.toString()));
        }
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8)) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                if (e.getSize() > Integer.MAX_VALUE - 8) {
                    throw corrupt(path, "entry \"" + e.getName() + "\" is too large (" + e.getSize() + " bytes)");
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
                    throw corrupt(path, "entry \"" + e.getName() + "\" fails its CRC check");
                }
                entries.put(e.getName(), bytes);
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException("The file " + path + " is not a jkeras file: it is not a complete ZIP"
                    + " archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e, e);
        }
        byte[] json = entries.get(DESCRIPTION);
        if (json == null) {
            throw new IllegalArgumentException("The file " + path + " is not a jkeras file: it has no " + DESCRIPTION
                    + " entry (entries: " + entries.keySet() + ")");
        }
        Object description;
        try {
            description = Json.parse(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw corrupt(path, DESCRIPTION + ": " + e.getMessage());
        }
        if (!(description instanceof Map) || !FORMAT.equals(((Map<String, Object>) description).get("format"))) {
            throw new IllegalArgumentException("The file " + path + " is not a jkeras file: its " + DESCRIPTION
                    + " does not say \"format\": \"" + FORMAT + "\"");
        }
        Map<String, Object> d = (Map<String, Object>) description;
        Object version = d.get("format_version");
        if (!(version instanceof Long v) || v < 1) {
            throw corrupt(path, "format_version must be a positive integer, got " + version);
        }
        if (v > VERSION) {
            throw new IllegalArgumentException("The file " + path + " has format version " + v + ", written by a newer"
                    + " jkeras; this one reads versions up to " + VERSION);
        }
        return new Contents(path, d, entries);
    }

    /** The common head of every description. */
    static Map<String, Object> header(String kind) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("format", FORMAT);
        d.put("format_version", VERSION);
        d.put("kind", kind);
        return d;
    }
}
