package org.hsxmbx.codegen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.hxe.Declarations;
import org.hsxmbx.model.hxe.HxeFormatException;

/**
 * Declared mailboxes for a firmware build and the label naming where they came from.
 *
 * @param label        file name and content hash, or {@code none}
 * @param declarations in declaration order
 */
public record MailboxSource(String label, List<MailboxDeclaration> declarations) {
    public static final MailboxSource NONE = new MailboxSource("none", List.of());

    public MailboxSource {
        declarations = List.copyOf(declarations);
    }

    /**
     * Reads declarations with {@link Declarations#load}: a {@code .mailbox} JSON file, an HXE
     * image, C sources with {@code #pragma hsx_mailbox}, or a directory of such sources.
     */
    public static MailboxSource load(Path file) {
        if (!Files.exists(file)) {
            throw new CodegenException("--mailboxes: no such file or directory: " + file);
        }
        List<MailboxDeclaration> list;
        try {
            list = Declarations.load(file);
        } catch (HxeFormatException e) {
            throw new CodegenException(e.getMessage());
        }
        String label = Files.isDirectory(file)
                ? file.getFileName() + "/ (C sources with #pragma hsx_mailbox)"
                : file.getFileName() + " (sha256 " + Hashes.shortSha256(file) + ")";
        return new MailboxSource(label, list);
    }
}
