/** Runnable programs: the main job trains a CNN on Fashion-MNIST. */
package io.jkeras.examples;
