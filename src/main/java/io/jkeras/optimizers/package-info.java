/** Keras 2.3's optimizers; each step is one fused backend kernel per weight. */
package io.jkeras.optimizers;
