package dev.conntrail.cli.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared test corpus beside the repository ({@code ../shared/corpus}, found through the system property
 * {@code conntrail.corpus} that the build sets). Real captures from public projects with the views of
 * tshark, tcptrace and Zeek on them; never copied into this repository. Tests that need it skip, saying
 * so, when it is absent.
 */
public final class Corpus {
    private Corpus() {
    }

    public static Path root() {
        String p = System.getProperty("conntrail.corpus", "../../shared/corpus");
        Path root = Path.of(p).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("captures"))) {
            System.out.println("SKIP: the shared corpus is not at " + root + " (set -Dconntrail.corpus=...)");
        }
        Assumptions.assumeTrue(Files.isDirectory(root.resolve("captures")), "shared corpus absent at " + root);
        return root;
    }

    public static Path captures() {
        return root().resolve("captures");
    }

    public static Path zeek() {
        return root().resolve("zeek");
    }

    /** Every capture file in a directory (not the expected/ outputs), sorted by name. */
    public static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".md")
                            && !f.getFileName().toString().endsWith(".tsv")
                            && !f.getFileName().toString().endsWith(".txt"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
