package io.github.lenet5j.cli;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the images come from: a folder of MNIST-format files, or the bundled Fashion-MNIST sample. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "A folder with MNIST-format files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                    + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]), e.g. /usr/share/datasets/fashion-mnist."
                    + " Default: the bundled Fashion-MNIST sample (6,000 training and 1,000 test images).")
    Path dir;

    @Option(names = "--class-names", split = ",", paramLabel = "NAME",
            description = "Class names for --data, comma-separated (default: the digits; the bundled sample has"
                    + " Fashion-MNIST's names).")
    List<String> classNames;

    @Option(names = "--limit", paramLabel = "N",
            description = "Use only the first N images of each split: for quick trial runs (default: all).")
    Integer limit;

    /** One split (its first {@code --limit} images); a missing folder or file is an error that says what to do. */
    MnistDataset load(Split split) throws IOException {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        MnistDataset data = loadAll(split);
        return limit == null ? data : data.subset(0, Math.min(limit, data.size()));
    }

    private MnistDataset loadAll(Split split) throws IOException {
        if (dir == null) {
            return FashionMnistSample.load(split);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("no folder " + dir + ": give --data a folder of MNIST-format files");
        }
        MnistDataset data;
        try {
            data = MnistDataset.load(dir, split);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException(e.getMessage() + "; give --data a folder of MNIST-format files"
                    + " (e.g. from 'lenet5j download mnist')");
        }
        return classNames == null ? data : data.withClassNames(classNames);
    }

    /** What the data is, for reports. */
    String describe() {
        return dir == null ? "bundled Fashion-MNIST sample" : dir.toString();
    }
}
