/** Keras's stateful metrics, whose accumulators stay on the device, resolved by name in Metrics. */
package io.jkeras.metrics;
