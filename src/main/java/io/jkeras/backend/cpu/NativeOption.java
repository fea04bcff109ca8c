package io.jkeras.backend.cpu;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * An optional native engine of the CPU backend (the kernel library), chosen by a system
 * property with the values {@code auto} (use it where it loads), {@code on} (it must load) and
 * {@code off}: whether it loaded and why not, and a switch tests use to compare it with the
 * Java path.
 */
final class NativeOption {
    private final String property;
    private final String on;
    private final String off;
    private final String what;
    private final String byDefault;
    /** Why the engine is not in use, or null where it loaded. */
    private final String unavailable;
    private volatile boolean enabled;

    /**
     * Reads the property ({@code byDefault} where it is unset) and, unless it says {@code off},
     * runs {@code load} (null on success, else why it failed).
     */
    NativeOption(String property, String on, String off, String byDefault, String what, Supplier<String> load) {
        this.property = property;
        this.on = on;
        this.off = off;
        this.byDefault = byDefault;
        this.what = what;
        String mode = mode();
        if (mode == null) {
            unavailable = "-D" + property + " is none of auto, " + on + ", " + off;
        } else if (mode.equals(off)) {
            unavailable = System.getProperty(property) == null ? "off by default (-D" + property + "=" + on + " or auto)"
                    : "-D" + property + "=" + off;
        } else {
            unavailable = load.get();
        }
        enabled = unavailable == null;
    }

    boolean enabled() {
        return enabled;
    }

    String unavailableReason() {
        return unavailable;
    }

    /** @throws IllegalStateException to switch on an engine that did not load */
    void setEnabled(boolean enable) {
        if (enable && unavailable != null) {
            throw new IllegalStateException(what + " is not loaded: " + unavailable);
        }
        enabled = enable;
    }

    /**
     * @throws IllegalArgumentException where the property is none of auto, on, off
     * @throws IllegalStateException where it says on and the engine did not load
     */
    void checkRequired() {
        String mode = mode();
        if (mode == null) {
            throw new IllegalArgumentException("-D" + property + " must be auto, " + on + " or " + off + "; got \""
                    + System.getProperty(property) + "\"");
        }
        if (mode.equals(on) && unavailable != null) {
            throw new IllegalStateException("-D" + property + "=" + on + ", but " + what + " did not load: "
                    + unavailable);
        }
    }

    /** The property's value, lower case, or null where it is none of auto, on, off. */
    private String mode() {
        String mode = System.getProperty(property, byDefault).trim().toLowerCase(Locale.ROOT);
        return mode.equals("auto") || mode.equals(on) || mode.equals(off) ? mode : null;
    }
}
