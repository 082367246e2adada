package dev.conntrail.capture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The shared capture corpus ({@code conntrail.corpus}, read-only): its capture files and the packet counts
 * that capinfos gave for them in the MANIFEST.tsv files. Tests that need it skip, saying so, when it is absent.
 */
public final class Corpus {

    private static final List<String> NOT_CAPTURES = List.of(".md", ".tsv", ".txt");

    private final Path root;
    private final Map<String, OptionalLong> packets = new HashMap<>();
    private final Map<String, String> formats = new HashMap<>();

    private Corpus(Path root) {
        this.root = root;
        readManifest(root.resolve("captures/MANIFEST.tsv"), "name");
        readManifest(root.resolve("zeek/MANIFEST.tsv"), "trace");
    }

    /** The corpus, or a skipped test (with a line saying why) when it is not there. */
    public static Corpus require() {
        String property = System.getProperty("conntrail.corpus");
        Path root = property == null ? null : Path.of(property);
        boolean present = root != null && Files.isDirectory(root.resolve("captures"));
        if (!present) {
            System.out.println("skipping: the capture corpus is not at " + property + " (system property conntrail.corpus)");
        }
        assumeTrue(present, "capture corpus not found at " + property);
        return new Corpus(root);
    }

    /** Every capture file: captures/ (including the damaged and hostile ones), then zeek/traces/. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>(list(root.resolve("captures")));
        files.addAll(list(root.resolve("zeek/traces")));
        return files;
    }

    public Path capture(String name) {
        return root.resolve("captures").resolve(name);
    }

    /** A path under zeek/ (MANIFEST.tsv, traces/, expected/): Zeek's test traces and its conn.log for each. */
    public Path zeek(String relative) {
        return root.resolve("zeek").resolve(relative);
    }

    /**
     * The manifest's packet count for a file (by file name), if it gives a number for a pcap or pcapng file
     * (capinfos also counts formats that are not ours, like snoop).
     */
    public OptionalLong manifestPackets(Path file) {
        String name = file.getFileName().toString();
        String format = formats.getOrDefault(name, "");
        if (!format.equals("pcap") && !format.equals("pcapng")) {
            return OptionalLong.empty();
        }
        return packets.getOrDefault(name, OptionalLong.empty());
    }

    /** Which directory a file is from: "captures" or "zeek". */
    public String origin(Path file) {
        return file.startsWith(root.resolve("zeek")) ? "zeek" : "captures";
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> NOT_CAPTURES.stream().noneMatch(p.getFileName().toString()::endsWith))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readManifest(Path manifest, String nameColumn) {
        if (!Files.isRegularFile(manifest)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(manifest);
            List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
            int name = header.indexOf(nameColumn);
            int count = header.indexOf("packets");
            int format = header.indexOf("format");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split("\t", -1);
                if (cells.length <= Math.max(name, count)) {
                    continue;
                }
                String value = cells[count].trim();
                formats.putIfAbsent(cells[name], format >= 0 && format < cells.length ? cells[format].trim() : "");
                packets.putIfAbsent(cells[name], value.matches("\\d+")
                        ? OptionalLong.of(Long.parseLong(value)) : OptionalLong.empty());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
