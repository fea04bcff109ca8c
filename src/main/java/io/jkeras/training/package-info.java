/** The fit, evaluate and predict loops over arrays: data checks (DataStandardizer), compiled losses and metrics (CompiledModel), device steps (StepRunner) and the Trainer. */
package io.jkeras.training;
