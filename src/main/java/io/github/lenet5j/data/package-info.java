/**
 * Datasets for LeNet-5: reading MNIST-style IDX files ({@link io.github.lenet5j.data.IdxFile},
 * {@link io.github.lenet5j.data.MnistDataset}), folders of pictures
 * ({@link io.github.lenet5j.data.ImageFolderDataset}), how a picture becomes an input
 * ({@link io.github.lenet5j.data.Preprocessing}),
 * seeded, class-stratified hold-outs ({@link io.github.lenet5j.data.DatasetSplit}),
 * seeded mini-batches with optional distortions ({@link io.github.lenet5j.data.DataLoader}) and
 * verified downloads ({@link io.github.lenet5j.data.Downloader}).
 *
 * <p>Every dataset yields {@code C x 32 x 32} float images through the
 * {@link io.github.lenet5j.data.Dataset} interface while keeping the pixels as bytes.
 */
package io.github.lenet5j.data;
