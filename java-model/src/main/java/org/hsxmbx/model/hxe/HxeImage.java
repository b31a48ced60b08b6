package org.hsxmbx.model.hxe;

import java.util.List;
import org.hsxmbx.model.Bytes;

/**
 * The logical content of a version 2 image: what {@link HxeWriter} lays out (lengths, offsets and
 * the CRC are computed) and what {@link HxeReader} recovers. Sections of unknown type are not
 * part of it (the reader skips them).
 */
public record HxeImage(String appName, int flags, long entry, long bssSize, long reqCaps, Bytes code, Bytes rodata,
                       List<HxeSection> sections) {
    public HxeImage {
        sections = List.copyOf(sections);
    }

    /** The {@code .mailbox} section, or null if the image has none. */
    public HxeSection mailboxSection() {
        for (HxeSection s : sections) {
            if (s.type() == MetaEntry.TYPE_MAILBOX) {
                return s;
            }
        }
        return null;
    }
}
