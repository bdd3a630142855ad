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
 * forced to disk ({@link FileChannel#force}: the data and the file's metadata), and is then renamed over the
 * target with {@link StandardCopyOption#ATOMIC_MOVE} (or {@link StandardCopyOption#REPLACE_EXISTING} where the
 * file system cannot move atomically). Then the directory itself is forced, so that the rename, a change of
 * the directory's entries, survives a power loss too (on Linux and macOS a directory opens as a channel; where
 * it does not, as on Windows, this step is skipped: NTFS journals the rename itself). Forcing the data before
 * the rename is what makes it safe: without it a file system may commit the rename before the data, and a
 * crash would leave the target empty or torn. If anything fails before the rename, the temporary file is
 * deleted and the target is left as it was, byte for byte. The temporary file is created like any new file
 * (not with {@code Files.createTempFile}'s owner-only permissions), so the result has the usual permissions.
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
     * @throws IOException from the content or the file system; {@code target} is then unchanged (but for a
     *     failure to force the directory after the rename: the new content is then in place, and may not survive
     *     a power loss)
     */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, Disk.REAL);
    }

    /** The three steps that make the write durable, apart so that a test can watch their order or make one fail. */
    interface Disk {
        /** The file system itself. */
        Disk REAL = new Disk() {
        };

        /** Forces a file's data and metadata to the device. */
        default void force(FileChannel file) throws IOException {
            file.force(true);
        }

        /** Renames {@code from} over {@code to}, atomically where the file system can. */
        default void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        /** Forces a directory's entries to the device, where the platform opens a directory as a channel. */
        default void forceDirectory(Path dir) throws IOException {
            FileChannel channel;
            try {
                channel = FileChannel.open(dir, StandardOpenOption.READ);
            } catch (IOException | UnsupportedOperationException e) {
                return;   // Windows: a directory is no channel; its file system journals the rename
            }
            try (channel) {
                force(channel);
            }
        }
    }

    static void write(Path target, Content content, Disk disk) throws IOException {
        Path absolute = target.toAbsolutePath();
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + random + ".tmp");
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            try (channel; OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                disk.force(channel);
            }
            disk.move(temp, absolute);
        } catch (Throwable failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        disk.forceDirectory(absolute.getParent());
    }
}
