package io.jkeras.backend.cpu;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads the CPU kernel library, {@code libjkeras_cpu.so} from {@code native/cpu}: loops in C
 * that read and write the tensors' native memory in place, bound by {@link NativeOptimizers},
 * {@link NativeElementwise} and the other {@code Native*} classes. Callers check
 * {@link #enabled()} before each call, which also loads the library. Java 17 vectorises loops over heap arrays
 * only, so the Java kernels copy each chunk into a heap array and back (see {@link OffHeap});
 * for the optimizer updates, which stream four or five tensors through memory once per step,
 * those copies and the serialised copy-then-compute phases made the Java loop 2.4x slower than
 * this one (670K weights of Adam: 0.82 ms against 0.34 ms on the 2-core machine).
 *
 * <p>Each native kernel does its Java twin's arithmetic in the same order with no fused
 * multiply-adds, so the two give the same bits and the library is purely a speed-up; where it
 * is missing (another OS or architecture, a build without a C compiler) or
 * {@code -Djkeras.cpu.native=false} is set, the Java kernels run.
 * {@code -Djkeras.cpu.native=true} makes a missing library an error instead.
 *
 * <p>Arguments are raw addresses of float32 data and element counts; the callers have checked
 * them, as the library trusts them.
 */
final class NativeKernels {
    static final String PROPERTY = "jkeras.cpu.native";
    private static final String RESOURCE = "linux-x86_64/libjkeras_cpu.so";

    /** Why the library is not in use (off by the property, or failed to load), or null where it loaded. */
    private static final String UNAVAILABLE = unavailable(mode());
    private static volatile boolean enabled = UNAVAILABLE == null;

    private NativeKernels() {
    }

    /** Whether the CPU backend runs these kernels rather than the Java ones. */
    static boolean enabled() {
        return enabled;
    }

    /** Why the library is not in use, or null where it loaded. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * Switches between these kernels and the Java ones (for tests that compare the two).
     *
     * @throws IllegalStateException to switch on a library that did not load
     */
    static void setEnabled(boolean on) {
        if (on && UNAVAILABLE != null) {
            throw new IllegalStateException("the CPU kernel library is not loaded: " + UNAVAILABLE);
        }
        enabled = on;
    }

    /**
     * Fails where {@code -Djkeras.cpu.native=true} asks for the library and it did not load, or
     * where the property has another value than auto, true or false.
     *
     * @throws IllegalArgumentException for a value other than auto, true or false
     * @throws IllegalStateException naming why the library did not load
     */
    static void checkRequired() {
        String mode = mode();
        if (mode == null) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, true or false; got \""
                    + System.getProperty(PROPERTY) + "\"");
        }
        if (mode.equals("true") && UNAVAILABLE != null) {
            throw new IllegalStateException("-D" + PROPERTY + "=true, but the CPU kernel library did not load: "
                    + UNAVAILABLE);
        }
    }

    /** Why the library is not in use under the property's {@code mode} (loading it unless false), or null. */
    private static String unavailable(String mode) {
        if (mode == null) {
            return "-D" + PROPERTY + " is none of auto, true, false";
        }
        return mode.equals("false") ? "-D" + PROPERTY + "=false" : load();
    }

    /** The property's value (auto where unset), lower case, or null where it is none of auto, true, false. */
    private static String mode() {
        String mode = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        return mode.equals("auto") || mode.equals("true") || mode.equals("false") ? mode : null;
    }

    private static String load() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "it is built for Linux x86-64 only, this is " + os + " " + arch;
        }
        URL url = NativeKernels.class.getResource(RESOURCE);
        if (url == null) {
            return RESOURCE + " is not on the class path (jkeras was built without a C compiler or cmake)";
        }
        try {
            System.load(localFile(url).toString());
            return null;
        } catch (IOException | URISyntaxException | UnsatisfiedLinkError | SecurityException e) {
            String why = "loading " + url + " failed: " + e;
            if (!Boolean.getBoolean("jkeras.quiet")) {
                System.err.println("jkeras: the CPU kernel library did not load, the Java kernels run instead ("
                        + why + ")");
            }
            return why;
        }
    }

    /** The library as a file: in place in a build tree, else copied out of the jar. */
    private static Path localFile(URL url) throws IOException, URISyntaxException {
        if (url.getProtocol().equals("file")) {
            return Path.of(url.toURI());
        }
        Path file = Files.createTempFile("libjkeras_cpu", ".so");
        file.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
