package io.jkeras.backend;

/** The device could not supply memory even after the pool released everything it had cached. */
public class DeviceOutOfMemoryException extends IllegalStateException {
    public DeviceOutOfMemoryException(String message) {
        super(message);
    }
}
