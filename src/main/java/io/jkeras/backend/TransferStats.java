package io.jkeras.backend;

/** Host-device traffic of one backend since it started. */
public record TransferStats(long uploads, long uploadBytes, long downloads, long downloadBytes) {
}
