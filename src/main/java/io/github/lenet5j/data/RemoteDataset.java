package io.github.lenet5j.data;

import java.net.URI;
import java.util.List;

/**
 * A dataset that {@link Downloader} can fetch: a cache folder name, mirror base URIs tried in
 * order, and the files with their SHA-256 checksums.
 *
 * <p>The checksums are those of the official {@code .gz} files as served by the mirrors. (Debian's
 * {@code dataset-fashion-mnist} package recompresses the same data with another gzip header,
 * so its files have other checksums.)
 *
 * @param name    the folder under the cache root, e.g. {@code mnist}
 * @param mirrors base URIs; a file's URI is the base plus its name
 * @param files   the files, each with its expected SHA-256
 */
public record RemoteDataset(String name, List<URI> mirrors, List<RemoteFile> files) {
    /**
     * One file of a remote dataset.
     *
     * @param name   the file name, e.g. {@code train-images-idx3-ubyte.gz}
     * @param sha256 the expected SHA-256, lowercase hex
     */
    public record RemoteFile(String name, String sha256) {
    }

    /** MNIST from the PyTorch and the CVDF mirrors of Yann LeCun's files. */
    public static final RemoteDataset MNIST = new RemoteDataset("mnist",
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
            List.of(new RemoteFile("train-images-idx3-ubyte.gz",
                            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                    new RemoteFile("train-labels-idx1-ubyte.gz",
                            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                    new RemoteFile("t10k-images-idx3-ubyte.gz",
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz",
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")));

    /** Fashion-MNIST from Zalando's S3 bucket and GitHub repository. */
    public static final RemoteDataset FASHION_MNIST = new RemoteDataset("fashion-mnist",
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    URI.create("https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/")),
            List.of(new RemoteFile("train-images-idx3-ubyte.gz",
                            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
                    new RemoteFile("train-labels-idx1-ubyte.gz",
                            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
                    new RemoteFile("t10k-images-idx3-ubyte.gz",
                            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz",
                            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5")));

    /**
     * @param name the folder under the cache root
     * @param mirrors base URIs
     * @param files the files, each with its expected SHA-256
     * @throws IllegalArgumentException if there is no mirror or a name is not a plain file name
     */
    public RemoteDataset {
        mirrors = List.copyOf(mirrors);
        files = List.copyOf(files);
        if (mirrors.isEmpty() || !isPlainName(name) || !files.stream().allMatch(f -> isPlainName(f.name()))) {
            throw new IllegalArgumentException("a remote dataset needs at least one mirror and plain file names");
        }
    }

    private static boolean isPlainName(String name) {
        return name.matches("[A-Za-z0-9._-]+") && !name.startsWith(".");
    }

    /**
     * The same dataset served from other mirrors, e.g. a local server or an internal copy.
     *
     * @param otherMirrors the base URIs to use instead
     * @return the same files with those mirrors
     */
    public RemoteDataset withMirrors(List<URI> otherMirrors) {
        return new RemoteDataset(name, otherMirrors, files);
    }
}
