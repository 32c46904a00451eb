package io.jresnet.bench;

/**
 * Where sampled heap allocations came from.
 *
 * @param frame the allocating method, {@code Class.method:line} (the first jresnet frame of the stack when there is
 *     one, else the top frame)
 * @param bytes the samples' weight: an estimate of the bytes allocated there
 * @param samples how many allocation samples JFR took there
 */
public record AllocationSite(String frame, long bytes, long samples) {}
