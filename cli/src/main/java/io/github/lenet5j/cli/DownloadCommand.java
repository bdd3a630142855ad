package io.github.lenet5j.cli;

import io.github.lenet5j.data.DownloadException;
import io.github.lenet5j.data.Downloader;
import io.github.lenet5j.data.RemoteDataset;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code download}: fetches MNIST or Fashion-MNIST into a cache folder, checking every file's SHA-256. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download MNIST or Fashion-MNIST (checked against their SHA-256) and print where the files are.")
final class DownloadCommand implements Callable<Integer> {
    /** Where Debian's dataset-fashion-mnist package installs the files. */
    static final String DEBIAN_FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

    /** The datasets by their command-line names. */
    enum Name {
        MNIST(RemoteDataset.MNIST), FASHION_MNIST(RemoteDataset.FASHION_MNIST);

        final RemoteDataset dataset;

        Name(RemoteDataset dataset) {
            this.dataset = dataset;
        }
    }

    @Parameters(paramLabel = "DATASET", converter = NameConverter.class, description = "mnist or fashion-mnist.")
    Name name;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "The cache root; the files go to DIR/<dataset> (default: $LENET5J_HOME or ~/.cache/lenet5j).")
    Path dir;

    @Option(names = "--mirror", paramLabel = "URL", hidden = true,
            description = "Download from this base URL instead of the public mirrors (an internal copy, tests).")
    List<URI> mirrors;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RemoteDataset dataset = mirrors == null ? name.dataset : name.dataset.withMirrors(mirrors);
        Path folder;
        try {
            folder = new Downloader(dir != null ? dir : Downloader.defaultCacheRoot()).download(dataset);
        } catch (DownloadException e) {
            throw new DownloadException(e.getMessage() + ". Without the network: copy the four files ("
                    + String.join(", ", dataset.files().stream().map(RemoteDataset.RemoteFile::name).toList())
                    + ") into a folder and give it to train and eval as --data DIR; on Debian, 'apt-get install"
                    + " dataset-fashion-mnist' puts Fashion-MNIST in " + DEBIAN_FASHION_MNIST);
        }
        spec.commandLine().getOut().println(dataset.name() + " is in " + folder + "; train with: lenet5j train --data "
                + folder);
        return 0;
    }

    static final class NameConverter implements picocli.CommandLine.ITypeConverter<Name> {
        @Override
        public Name convert(String value) {
            return switch (value) {
                case "mnist" -> Name.MNIST;
                case "fashion-mnist" -> Name.FASHION_MNIST;
                default -> throw new picocli.CommandLine.TypeConversionException("unknown dataset '" + value
                        + "': expected mnist or fashion-mnist" + Check.didYouMean(value, List.of("mnist", "fashion-mnist")));
            };
        }
    }
}
