/** Loaders of the data sets the examples and tests use: Fashion-MNIST from its IDX files, the digits shipped in the jar. */
package io.jkeras.datasets;
