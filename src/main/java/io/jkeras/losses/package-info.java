/** Keras's losses as functions and classes, resolved by name in Losses. */
package io.jkeras.losses;
