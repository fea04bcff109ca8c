/** Keras's activation functions by name, written with differentiable ops. */
package io.jkeras.activations;
