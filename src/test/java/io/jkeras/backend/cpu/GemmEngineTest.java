package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * -Djkeras.cpu.gemm picks the engine: auto takes jkeras's sgemm where it runs, else OpenBLAS;
 * a named engine that cannot run, or an unknown name, is an error naming the property.
 */
class GemmEngineTest {

    private static final String ASKED = System.getProperty(GemmEngine.PROPERTY);
    private final GemmEngine before = GemmEngine.current();

    @AfterEach
    void restore() {
        if (ASKED == null) {
            System.clearProperty(GemmEngine.PROPERTY);
        } else {
            System.setProperty(GemmEngine.PROPERTY, ASKED);
        }
        GemmEngine.use(before);
    }

    @Test
    void autoPrefersJkerasWhereItRuns() {
        System.setProperty(GemmEngine.PROPERTY, " Auto ");
        GemmEngine expected = NativeSgemm.unavailableReason() == null ? GemmEngine.JKERAS : GemmEngine.OPENBLAS;
        assertEquals(expected, GemmEngine.chosen());
        System.clearProperty(GemmEngine.PROPERTY);
        assertEquals(expected, GemmEngine.chosen());
    }

    @Test
    void namedEnginesAreTaken() {
        System.setProperty(GemmEngine.PROPERTY, "openblas");
        assertEquals(GemmEngine.OPENBLAS, GemmEngine.chosen());
        assumeTrue(NativeSgemm.unavailableReason() == null, "no AVX-512 here");
        System.setProperty(GemmEngine.PROPERTY, "JKERAS");
        assertEquals(GemmEngine.JKERAS, GemmEngine.chosen());
    }

    @Test
    void unknownNameIsRejected() {
        System.setProperty(GemmEngine.PROPERTY, "mkl");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, GemmEngine::chosen);
        assertTrue(e.getMessage().contains("jkeras.cpu.gemm") && e.getMessage().contains("\"mkl\"")
                && e.getMessage().contains("auto, jkeras, openblas or dnnl"), e.getMessage());
    }

    @Test
    void engineThatCannotRunIsRejected() {
        for (GemmEngine engine : GemmEngine.values()) {
            if (engine.unavailableReason() != null) {
                System.setProperty(GemmEngine.PROPERTY, engine.value);
                IllegalStateException e = assertThrows(IllegalStateException.class, GemmEngine::chosen);
                assertTrue(e.getMessage().contains(engine.unavailableReason()), e.getMessage());
                assertThrows(IllegalStateException.class, () -> GemmEngine.use(engine));
            }
        }
    }

    @Test
    void describeNamesTheEngineInUse() {
        GemmEngine.use(GemmEngine.OPENBLAS);
        assertTrue(GemmEngine.describe().startsWith("GEMM in OpenBLAS"), GemmEngine.describe());
        assumeTrue(NativeSgemm.unavailableReason() == null, "no AVX-512 here");
        GemmEngine.use(GemmEngine.JKERAS);
        assertEquals("GEMM in jkeras's AVX-512 sgemm (native/cpu/sgemm.c)", GemmEngine.describe());
    }
}
