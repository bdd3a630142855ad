/**
 * File formats, with no knowledge of layers: safetensors ({@link io.github.lenet5j.io.SafeTensors}),
 * a small JSON parser and writer ({@link io.github.lenet5j.io.Json}) and atomic file replacement
 * ({@link io.github.lenet5j.io.AtomicFile}).
 */
package io.github.lenet5j.io;
