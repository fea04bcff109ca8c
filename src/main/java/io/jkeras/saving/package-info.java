/**
 * Saving and loading models: {@code Model.save}, {@code Model.load}, {@code Model.saveWeights},
 * {@code Model.loadWeights} and the {@code ModelCheckpoint} callback use this package.
 *
 * <h2>File format, version 1</h2>
 * A jkeras file (suggested extension {@code .jks}) is a ZIP archive written with
 * {@code java.util.zip}:
 * <ul>
 *   <li>{@code jkeras.json}, the first entry: a JSON object (UTF-8, indented) with
 *     {@code "format": "jkeras"}, {@code "format_version": 1} and {@code "kind"}, either
 *     {@code "model"} (from {@code save}) or {@code "weights"} (from {@code saveWeights});</li>
 *   <li>{@code arrays/<n>.f32}: one stored (uncompressed) entry per array, its values as
 *     little-endian IEEE float32 in row-major order, with no header: the description gives
 *     each array's shape and entry name.</li>
 * </ul>
 * The description of a model file has these members:
 * <ul>
 *   <li>{@code "model"}: {@code "class_name"} ("Model" or "Sequential"), {@code "name"},
 *     {@code "layers"} (each {@code {"class_name", "config"}}, the config being the layer's
 *     {@code getConfig()} with Keras's option names; initializers and regularizers as
 *     {@code {"class_name", "config"}}, activations by name), {@code "nodes"} (the layer
 *     applications in an order where each follows those it reads:
 *     {@code {"layer": name, "inputs": [[layer, node index], ...]}}, the node index counting
 *     that layer's applications in this list; an input layer's only node is 0), and the
 *     model's {@code "inputs"} and {@code "outputs"} as such references;</li>
 *   <li>{@code "weights"}: per layer that has weights, in the model's layer order,
 *     {@code {"layer": name, "weights": [{"name", "shape", "data": entry}, ...]}} in the
 *     layer's weight order (trainable first). A weights file has only this (and
 *     {@code "model_name"});</li>
 *   <li>{@code "state"}: per Dropout layer, {@code {"calls": n}}, its training-call counter;</li>
 *   <li>{@code "shuffle_seed"}: the model's shuffle seed, a decimal string (absent in older files);</li>
 *   <li>{@code "training"}, when the model was compiled and saved with its optimizer:
 *     {@code "compile"} (loss, metrics, loss_weights, sample_weight_mode, weighted_metrics as
 *     compile was given them) and {@code "optimizer"} ({@code "class_name"}, {@code "config"}
 *     with its hyper-parameters and the current learning rate, {@code "iterations"},
 *     Nadam's {@code "m_schedule"}, and {@code "slots"}: for each slot of each trainable
 *     weight {@code {"variable", "index", "shape", "data"}}).</li>
 * </ul>
 * A reader refuses files whose format version is higher than its own; a later version adds
 * members and keeps those above.
 *
 * <h2>What can be saved</h2>
 * Every built-in layer, initializer, regularizer, activation name and optimizer. A user's
 * layer class is saved once it is registered with {@link io.jkeras.saving.LayerRegistry} and
 * its {@code getConfig()} adds its options. Anything else fails at save time, before the file
 * is touched, with an IllegalArgumentException naming the layer and option: an
 * {@code ActivationFunction} or {@code Initializer} given as an object, a user's
 * optimizer class, and losses or metrics given as objects or functions (compile must get
 * names for a model saved with its training configuration; {@code save(path, false)} saves
 * the architecture and weights without it, as Keras's {@code include_optimizer=False}).
 *
 * <h2>Resuming training exactly</h2>
 * A model loaded from a file and trained with {@code fit(..., initialEpoch(k))} makes the
 * same updates, bit for bit, as the saved model would have made had it gone on, given the
 * same data and options: the file holds the weights (BatchNormalization's moving statistics
 * included), the optimizer's iterations, slots, learning rate and Nadam's schedule product,
 * each Dropout layer's seed and call counter, from which its masks are drawn, and the model's
 * shuffle seed ({@code "shuffle_seed"}), from which epoch e's sample order is drawn, so a
 * resumed fit shuffles exactly as the uninterrupted one. Not saved: callbacks' state
 * (EarlyStopping's wait, ReduceLROnPlateau's best), as in Keras.
 *
 * <h2>Safety</h2>
 * Files are written to a temporary file in the target's directory, forced to disk and renamed
 * over the target, so a failed write or a crash never leaves a truncated file. Reading checks
 * that the file is a ZIP with a {@code jkeras.json} of a known version, every entry's CRC and
 * every array's size, and fails with an IllegalArgumentException saying what is wrong;
 * {@code loadWeights} checks every layer and shape before it assigns anything. I/O failures
 * (a missing file or directory) are UncheckedIOExceptions.
 */
package io.jkeras.saving;
