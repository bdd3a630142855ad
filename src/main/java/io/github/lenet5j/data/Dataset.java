package io.github.lenet5j.data;

import java.util.List;

/**
 * A labelled image dataset as the trainer sees it: every image is {@code channels() x 32 x 32}
 * floats, every label an int in {@code [0, numClasses())}.
 *
 * <p>Implementations keep images compactly (as bytes) and convert one image at a time in
 * {@link #image}, which must not allocate.
 */
public interface Dataset {
    /** The side of every image produced by {@link #image}: LeNet-5 takes 32 x 32 inputs. */
    int SIDE = 32;

    /** {@return the number of examples} */
    int size();

    /** {@return the number of channels: 1 for grayscale, 3 for RGB} */
    int channels();

    /** {@return the number of classes; every label is below it} */
    int numClasses();

    /**
     * The label of example {@code index}.
     *
     * @param index the example, from 0
     * @return its class, in {@code [0, numClasses())}
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
     */
    int label(int index);

    /**
     * Writes image {@code index} as {@code channels()*32*32} floats (C, H, W order) into
     * {@code dest} starting at {@code offset}.
     *
     * @param index the example, from 0
     * @param dest the array to write into
     * @param offset where in {@code dest} the image starts
     * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())} or dest is too short
     */
    void image(int index, float[] dest, int offset);

    /** {@return one name per class, in label order} */
    List<String> classNames();

    /** {@return the number of floats of one image: {@code channels() * 32 * 32}} */
    default int imageSize() {
        return channels() * SIDE * SIDE;
    }
}
