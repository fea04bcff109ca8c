/** One class per Keras layer, the functional graph (Node, Functional) and default layer names. */
package io.jkeras.layers;
