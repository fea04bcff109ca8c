package io.jkeras.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Device;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceListTest {
    @Test
    void autoIsTheCpuAndTheFirstGpu() {
        assertEquals(List.of(Device.cpu(), Device.cuda(0)), DeviceList.wanted(" AUTO "));
    }

    @Test
    void aListKeepsItsOrderOnce() {
        assertEquals(List.of(Device.cuda(1), Device.cpu()), DeviceList.wanted("cuda:1, cpu,cuda:1"));
    }

    @Test
    void autoInAListAndUnknownNamesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceList.wanted("cpu,auto")).getMessage()
                .contains("auto stands alone, got \"cpu,auto\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(
                "--devices", "cpu,tpu"));
        assertTrue(e.getMessage().startsWith("--devices must be one of auto, cpu, cuda, cuda:N; got \"tpu\""),
                e.getMessage());
    }

    @Test
    void theCpuIsAlwaysUsableAndAnAbsentGpuIsANote() {
        List<String> notes = new ArrayList<>();
        assertEquals(List.of(Device.cpu()), DeviceList.resolve("cpu,cuda:63", notes));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("cuda:63 not benchmarked: "), notes.get(0));
    }
}
