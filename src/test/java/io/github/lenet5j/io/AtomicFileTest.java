package io.github.lenet5j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void createsANewFile() throws IOException {
        Path file = dir.resolve("new.txt");

        AtomicFile.write(file, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(file).hasContent("hello");
        assertThat(filesIn(dir)).containsExactly("new.txt");
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path file = dir.resolve("model.bin");
        Files.writeString(file, "old contents, longer than the new");

        AtomicFile.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));

        assertThat(file).hasContent("new");
        assertThat(filesIn(dir)).containsExactly("model.bin");
    }

    @Test
    void failingWriterLeavesThePreviousFileUnchangedAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.bin");
        Files.writeString(file, "previous");

        assertThatThrownBy(() -> AtomicFile.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full (simulated)");
        })).isInstanceOf(IOException.class).hasMessage("disk full (simulated)");

        assertThat(file).hasContent("previous");
        assertThat(filesIn(dir)).containsExactly("model.bin");
    }

    /** Delegates to the real disk and records each step, with the target's content at that moment. */
    private static final class RecordingDisk implements AtomicFile.Disk {
        final java.util.List<String> steps = new java.util.ArrayList<>();
        final Path target;
        final String failAt;

        RecordingDisk(Path target, String failAt) {
            this.target = target;
            this.failAt = failAt;
        }

        private void step(String name) throws IOException {
            steps.add(name + " (target: " + (Files.exists(target) ? Files.readString(target) : "none") + ")");
            if (name.equals(failAt)) {
                throw new IOException(name + " failed (simulated)");
            }
        }

        @Override
        public void force(java.nio.channels.FileChannel file) throws IOException {
            step("force file");
            AtomicFile.Disk.super.force(file);
        }

        @Override
        public void move(Path from, Path to) throws IOException {
            step("rename");
            AtomicFile.Disk.super.move(from, to);
        }

        @Override
        public void forceDirectory(Path d) throws IOException {
            step("force directory");
            AtomicFile.Disk.super.forceDirectory(d);
        }
    }

    @Test
    void forcesTheDataBeforeTheRenameAndTheDirectoryAfterIt() throws IOException {
        Path file = dir.resolve("model.bin");
        Files.writeString(file, "old");
        RecordingDisk disk = new RecordingDisk(file, "");

        AtomicFile.write(file, out -> out.write("new".getBytes(StandardCharsets.UTF_8)), disk);

        // the last step is the directory's channel forced (Linux opens a directory as a channel)
        assertThat(disk.steps).containsExactly("force file (target: old)", "rename (target: old)",
                "force directory (target: new)", "force file (target: new)");
        assertThat(file).hasContent("new");
    }

    @Test
    void aFailedForceOrRenameLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        for (String failAt : new String[] {"force file", "rename"}) {
            Path file = dir.resolve("model.bin");
            Files.writeString(file, "previous");
            assertThatThrownBy(() -> AtomicFile.write(file, out -> out.write(new byte[100_000]),
                    new RecordingDisk(file, failAt))).hasMessage(failAt + " failed (simulated)");
            assertThat(file).as(failAt).hasContent("previous");
            assertThat(filesIn(dir)).as(failAt).containsExactly("model.bin");
        }
    }

    @Test
    void uncheckedFailureAlsoCleansUpAndCreatesNothing() {
        Path file = dir.resolve("absent.bin");

        assertThatThrownBy(() -> AtomicFile.write(file, out -> {
            throw new IllegalStateException("bug in the writer");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void missingDirectoryFailsWithoutSideEffects() {
        Path file = dir.resolve("no/such/dir/file.bin");

        assertThatThrownBy(() -> AtomicFile.write(file, out -> out.write(1))).isInstanceOf(NoSuchFileException.class);
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void resultHasThePermissionsOfAnOrdinaryNewFile() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path ordinary = Files.createFile(dir.resolve("ordinary"));
        Path atomic = dir.resolve("atomic");

        AtomicFile.write(atomic, out -> out.write(1));

        assertThat(permissions(atomic)).isEqualTo(permissions(ordinary));
    }

    private static Object permissions(Path file) throws IOException {
        return Files.getFileAttributeView(file, PosixFileAttributeView.class).readAttributes().permissions();
    }

    private static String[] filesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
