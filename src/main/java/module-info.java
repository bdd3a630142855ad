/**
 * lenet5j: LeNet-5 in plain Java arrays, with no dependencies outside the JDK.
 *
 * <p>Packages, from the bottom up: {@code tensor} (N-dimensional float arrays), {@code nn} (the layers, each with
 * its reference forward and backward pass, and {@code Engine}, the choice of the fast kernels or those loops),
 * {@code loss}, {@code optim}, {@code data} (IDX files, folders of pictures, batches), {@code io} (safetensors,
 * JSON, atomic files), {@code model} (LeNet-5, modern and of 1998, and predictors), {@code train} (the trainer and
 * its checkpoints) and {@code onnx} (export to ONNX). Two packages are the implementation's and not exported:
 * {@code kernels} (the fast engine, called by the layers; {@code Engine} says which kernels run) and
 * {@code parallel} (the thread team of the trainer and the latency predictor).
 */
module io.github.lenet5j {
    // data: ImagePreprocessor, Preprocessing and ImageFolderDataset read pictures (PNG, JPEG, BMP, GIF) with
    // javax.imageio, and their API takes and returns java.awt.image.BufferedImage (so does model.Predictor's), so a
    // consumer reads java.desktop too
    requires transitive java.desktop;
    // data: Downloader fetches datasets over HTTPS with java.net.http.HttpClient
    requires java.net.http;
    // kernels: Kernels asks HotSpot's diagnostic bean whether Math.fma is an instruction (the scalar kernels then
    // use it)
    requires jdk.management;
    // Not required here: jdk.incubator.vector. The Vector API kernels are used only when the JVM runs with
    // --add-modules jdk.incubator.vector, and the library then reads that module by Module.addReads (kernels.Kernels);
    // without it the library runs on its plain-loop kernels.

    exports io.github.lenet5j.data;
    exports io.github.lenet5j.io;
    exports io.github.lenet5j.loss;
    exports io.github.lenet5j.model;
    exports io.github.lenet5j.nn;
    exports io.github.lenet5j.onnx;
    exports io.github.lenet5j.optim;
    exports io.github.lenet5j.tensor;
    exports io.github.lenet5j.train;
}
