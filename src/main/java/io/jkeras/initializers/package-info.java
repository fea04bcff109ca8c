/** Keras's weight initializers; they generate values on the host from a seed, so every device starts from the same weights. */
package io.jkeras.initializers;
