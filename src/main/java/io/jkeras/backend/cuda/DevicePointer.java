package io.jkeras.backend.cuda;

import org.bytedeco.javacpp.Pointer;

/**
 * A raw address handed to a JNI call: a device address, or a host block we own. It has no
 * deallocator and no capacity, so the garbage collector never frees what it points at and
 * nothing in Java reads through it (gpu-runtime-notes 2.4, 2.5). Making one allocates no
 * native memory.
 */
final class DevicePointer extends Pointer {
    DevicePointer(long address) {
        this.address = address;
    }
}
