/** The user API: Model, Sequential, Input, KerasTensor, NDArray, Data, the option objects and History. */
package io.jkeras;
