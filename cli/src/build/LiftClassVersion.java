import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A build step of the command line's jar (cli/pom.xml runs it after the shade plugin): every class file of the given
 * package prefix in the jar whose version is Java 5's (49) gets Java 6's (50). picocli is compiled for Java 5, and
 * HotSpot's class-data sharing does not archive such classes on JDK 17, so the launcher's archive for a short command
 * left picocli's ~180 classes to be loaded, parsed and verified at every start. Version 50 changes nothing a Java 5
 * class file can express; with no StackMap tables the JVM verifies it as before (version 50 may fall back to the old
 * verifier), and the archive keeps it: about 27 ms of the first prediction on JDK 17 (docs/performance.md#start-up).
 * Each rewritten entry keeps its time stamp.
 *
 * <pre>java cli/src/build/LiftClassVersion.java cli/target/lenet5j-cli.jar picocli/</pre>
 */
public final class LiftClassVersion {
    private LiftClassVersion() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LiftClassVersion JAR PACKAGE_PREFIX");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        int lifted = 0;
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> classes;
            try (Stream<Path> all = Files.walk(zip.getPath("/"))) {
                classes = all.filter(p -> p.toString().startsWith("/" + args[1]) && p.toString().endsWith(".class"))
                        .toList();
            }
            for (Path c : classes) {
                byte[] bytes = Files.readAllBytes(c);
                boolean java5 = bytes.length > 8 && (bytes[0] & 0xff) == 0xca && (bytes[1] & 0xff) == 0xfe
                        && bytes[6] == 0 && bytes[7] == 49;
                if (java5) {
                    FileTime time = Files.getLastModifiedTime(c);
                    bytes[7] = 50;
                    Files.write(c, bytes);
                    Files.setLastModifiedTime(c, time);
                    lifted++;
                }
            }
        }
        System.out.println("LiftClassVersion: " + lifted + " class files under " + args[1] + " in " + jar.getFileName()
                + " from version 49 to 50");
    }
}
