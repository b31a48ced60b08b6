package org.hsxmbx.model.hxe;

import java.util.List;
import org.hsxmbx.model.MailboxDeclaration;

/**
 * An image as read from bytes: the header as stored, the whole metadata table (unknown types
 * included, for inspect) and the logical image.
 */
public record HxeFile(HxeHeader header, List<MetaEntry> table, HxeImage image, long fileSize) {
    public HxeFile {
        table = List.copyOf(table);
    }

    /** The declared mailboxes (empty without a {@code .mailbox} section), fully validated. */
    public List<MailboxDeclaration> mailboxes() throws HxeFormatException {
        HxeSection s = image.mailboxSection();
        return s == null ? List.of() : MailboxSectionCodec.decode(s.data(), s.entryCount());
    }
}
