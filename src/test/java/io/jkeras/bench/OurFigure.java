package io.jkeras.bench;

/**
 * A jkeras figure with the memory it took: the figure (its peak resident set inside), the
 * device pool's peak bytes in use, and raw pool allocations per timed step (null where the
 * timed part is not a steady state, as in W3's three epochs from a fresh model).
 *
 * @param rssReset whether the peak resident set was reset before the workload (else it is the process's peak)
 */
record OurFigure(Figure figure, long peakPoolBytes, Double rawAllocationsPerStep, boolean rssReset) {

    static OurFigure of(Figure f, MemoryProbe probe, Double rawAllocationsPerStep) {
        return new OurFigure(f.withPeakRss(MemoryProbe.peakRssMb()), probe.peakPoolBytes(), rawAllocationsPerStep,
                probe.rssReset());
    }
}
