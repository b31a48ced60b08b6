package org.hsxmbx.model.hxe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.MailboxDeclaration;

/**
 * Mailbox declarations from wherever an application keeps them, chosen by the path:
 * {@code .json} (a {@code .mailbox} JSON document), {@code .hxe} (an image's {@code .mailbox}
 * section), {@code .c} / {@code .h} (source pragmas) or a directory (the pragmas of every
 * {@code .c} and {@code .h} file below it, in path order). Errors name the file.
 */
public final class Declarations {
    private Declarations() {}

    public static List<MailboxDeclaration> load(Path path) throws HxeFormatException {
        try {
            if (Files.isDirectory(path)) {
                return sources(path);
            }
            String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase();
            if (name.endsWith(".c") || name.endsWith(".h")) {
                // Pragma errors already say file:line.
                return PragmaScanner.scan(Files.readString(path, StandardCharsets.ISO_8859_1), path.toString());
            }
            try {
                if (name.endsWith(".json")) {
                    return MailboxSectionCodec.parseJson(Bytes.of(Files.readAllBytes(path)));
                }
                if (name.endsWith(".hxe")) {
                    return HxeReader.read(Files.readAllBytes(path)).mailboxes();
                }
            } catch (HxeFormatException e) {
                throw e.in(path.toString());
            }
            throw new HxeFormatException("file", -1, path + ": unknown kind of declaration file "
                    + "(expected .json, .hxe, .c, .h or a directory of C sources)");
        } catch (IOException e) {
            throw new HxeFormatException("file", -1, path + ": cannot read (" + reason(e) + ")");
        }
    }

    private static List<MailboxDeclaration> sources(Path dir) throws IOException, HxeFormatException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase();
                        return n.endsWith(".c") || n.endsWith(".h");
                    })
                    .sorted()
                    .toList();
        }
        PragmaScanner scanner = new PragmaScanner();
        for (Path f : files) {
            scanner.add(Files.readString(f, StandardCharsets.ISO_8859_1), f.toString());
        }
        return scanner.declarations();
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
