/**
 * lenet5j's sample data for tutorials and trials: a 7,000-image Fashion-MNIST sample.
 * The library itself is {@code io.github.lenet5j}; this module only adds data and its loaders.
 */
module io.github.lenet5j.datasets {
    requires transitive io.github.lenet5j;

    exports io.github.lenet5j.datasets;
}
