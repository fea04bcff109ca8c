package io.jkeras.backend.cuda;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A device address typed as {@code float*} for the cuBLAS bindings, which take
 * {@link FloatPointer}s. Like {@link DevicePointer}: no deallocator, no native allocation.
 */
final class DeviceFloats extends FloatPointer {
    DeviceFloats(long address) {
        this.address = address;
    }
}
