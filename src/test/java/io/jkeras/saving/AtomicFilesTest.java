package io.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.Sequential;
import io.jkeras.Utils;
import io.jkeras.layers.Dense;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails half-way leaves the previous file whole and no temporary file behind. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void failedWriteKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("model.jks");
        AtomicFiles.write(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("model.jks") && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("first", Files.readString(target));
        assertEquals(List.of(target), files(), "no temporary file is left");
        AtomicFiles.write(target, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));
        assertEquals("second", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void aModelSaveThatFailsWhileWritingKeepsThePreviousModel() throws IOException {
        Utils.setRandomSeed(2);
        Path target = dir.resolve("model.jks");
        try (Sequential a = new Sequential(Input.of(2), new Dense(3).name("first_model_dense"))) {
            a.save(target);
        }
        // a directory where the temporary file would be renamed to: the rename fails after the bytes are written
        Path blocked = dir.resolve("blocked.jks");
        Files.createDirectories(blocked.resolve("inside"));
        try (Sequential b = new Sequential(Input.of(2), new Dense(3))) {
            assertThrows(UncheckedIOException.class, () -> b.save(blocked));
        }
        try (Model loaded = Model.load(target)) {
            assertEquals("first_model_dense", loaded.getLayer(0).name());
        }
        assertEquals(List.of(blocked, target), files().stream().sorted().toList(), "no temporary file is left");
    }
}
