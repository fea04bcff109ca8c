/** Differentiable ops: each forward beside its gradient rule, the Tape that records a step, Variables and the global seed. */
package io.jkeras.ops;
