/** Keras's callbacks and the machinery that dispatches them (CallbackList, Logs, Progbar). */
package io.jkeras.callbacks;
