package io.jkeras.backend.cuda;

import io.jkeras.backend.Device;

/**
 * Run in a child JVM by {@link CudaProbeTest}: picks the device as a program would (from
 * JKERAS_DEVICE), starts its backend and prints which it is; exits with 3 and the message
 * when that fails.
 */
public final class DeviceChoiceMain {
    private DeviceChoiceMain() {
    }

    public static void main(String[] args) {
        try {
            Device d = Device.current();
            d.backend();
            System.out.println("device " + d);
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
