package io.github.lenet5j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file all at once: readers, and the file after a crash, see either the old contents or
 * the complete new ones, never a half-written file.
 *
 * <p>The content goes to a temporary file in the same directory ({@code .NAME.RANDOM.tmp}), is
 * flushed to disk ({@link FileChannel#force}), and is then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (or {@link StandardCopyOption#REPLACE_EXISTING} where the
 * file system cannot move atomically). If anything fails, the temporary file is deleted and the
 * target is left as it was. The temporary file is created like any new file (not with
 * {@code Files.createTempFile}'s owner-only permissions), so the result has the usual permissions.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content to {@code out}; do not close it.
         *
         * @param out the stream to write to
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} with what {@code content} writes, atomically.
     *
     * @param target the file to replace or create
     * @param content what to write
     * @throws IOException from the content or the file system; {@code target} is then unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + random + ".tmp");
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            try (channel; OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            move(temp, absolute);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
