package org.hsxmbx.model.hxe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hsxmbx.model.Bytes;

/**
 * Bytes to image, validating every structural rule of the format (see docs/hxe-mailbox.md).
 * The {@code .mailbox} payload itself is validated by {@link HxeFile#mailboxes()}.
 */
public final class HxeReader {
    private HxeReader() {}

    public static HxeFile read(byte[] b) throws HxeFormatException {
        if (b.length < 8) {
            throw HxeFormatException.header("magic", 0, "file is " + b.length + " bytes, too short for an HXE header");
        }
        long magic = u32(b, 0);
        if (magic != HxeHeader.MAGIC) {
            throw HxeFormatException.header("magic", 0,
                    String.format("expected 0x%08X ('HSXE'), got 0x%08X", HxeHeader.MAGIC, magic));
        }
        int version = u16(b, 4);
        if (version != 1 && version != 2) {
            throw HxeFormatException.header("version", 4, "unsupported version " + version + " (known: 1, 2)");
        }
        int headerSize = version == 1 ? HxeHeader.V1_SIZE : HxeHeader.V2_SIZE;
        if (b.length < headerSize) {
            throw HxeFormatException.header("version", 4, "version " + version + " needs a " + headerSize
                    + "-byte header but the file has " + b.length + " bytes");
        }
        int flags = u16(b, 6);
        long entry = u32(b, 0x08);
        long codeLen = u32(b, 0x0C);
        long roLen = u32(b, 0x10);
        long bss = u32(b, 0x14);
        long caps = u32(b, 0x18);
        long crc = u32(b, 0x1C);

        if (codeLen % 4 != 0) {
            throw HxeFormatException.header("code_len", 0x0C, "must be a multiple of 4 (got " + codeLen + ")");
        }
        if (entry % 4 != 0) {
            throw HxeFormatException.header("entry", 0x08, String.format("must be 4-aligned (got 0x%X)", entry));
        }
        // An image without code (declarations only) has nowhere to enter; entry must then be 0.
        if (codeLen == 0 ? entry != 0 : entry >= codeLen) {
            throw HxeFormatException.header("entry", 0x08,
                    String.format("must be < code_len (got 0x%X, code_len %d)", entry, codeLen));
        }
        long codeEnd = headerSize + codeLen;
        if (codeEnd > b.length) {
            throw HxeFormatException.header("code_len", 0x0C, "code of " + codeLen + " bytes at offset 0x"
                    + Integer.toHexString(headerSize) + " runs past the end of the file (" + b.length + " bytes)");
        }
        long roEnd = codeEnd + roLen;
        if (roEnd > b.length) {
            throw HxeFormatException.header("ro_len", 0x10, "rodata of " + roLen + " bytes at offset 0x"
                    + Long.toHexString(codeEnd) + " runs past the end of the file (" + b.length + " bytes)");
        }
        long computed = HxeCrc.compute(b, headerSize);
        if (computed != crc) {
            throw HxeFormatException.header("crc32", HxeCrc.CRC_OFFSET,
                    String.format("stored 0x%08X, computed 0x%08X", crc, computed));
        }
        String appName = "";
        long metaOffset = 0;
        long metaCount = 0;
        if (version == 2) {
            appName = appName(b);
            metaOffset = u32(b, 0x40);
            metaCount = u32(b, 0x44);
            for (int i = 0x48; i < HxeHeader.V2_SIZE; i++) {
                if (b[i] != 0) {
                    throw HxeFormatException.header("reserved", i, "must be zero (byte at 0x"
                            + Integer.toHexString(i).toUpperCase() + " is 0x" + String.format("%02X", b[i] & 0xFF) + ")");
                }
            }
        }
        HxeHeader h = new HxeHeader(version, flags, entry, codeLen, roLen, bss, caps, crc, appName, metaOffset, metaCount);

        List<MetaEntry> table = new ArrayList<>();
        List<HxeSection> sections = new ArrayList<>();
        // meta_offset is only meaningful with a non-zero count; a stale offset with count 0 is ignored.
        if (metaCount > 0) {
            if (metaOffset < roEnd) {
                throw HxeFormatException.header("meta_offset", 0x40, String.format(
                        "metadata table at 0x%X must lie after rodata (which ends at 0x%X)", metaOffset, roEnd));
            }
            if (metaOffset + metaCount * MetaEntry.SIZE > b.length) {
                throw HxeFormatException.header("meta_count", 0x44, String.format(
                        "%d entries of 16 bytes at 0x%X run past the end of the file (%d bytes)",
                        metaCount, metaOffset, b.length));
            }
            boolean haveMailbox = false;
            for (int i = 0; i < metaCount; i++) {
                int at = (int) (metaOffset + (long) i * MetaEntry.SIZE);
                MetaEntry m = new MetaEntry(u32(b, at), u32(b, at + 4), u32(b, at + 8), u32(b, at + 12));
                if (m.offset() < roEnd) {
                    throw HxeFormatException.meta(i, "section_offset", at + 4, String.format(
                            "section at 0x%X must lie after rodata (which ends at 0x%X)", m.offset(), roEnd));
                }
                if (m.offset() + m.size() > b.length) {
                    throw HxeFormatException.meta(i, "section_size", at + 8, String.format(
                            "%d bytes at 0x%X run past the end of the file (%d bytes)", m.size(), m.offset(), b.length));
                }
                table.add(m);
                if (!MetaEntry.isKnown(m.type())) {
                    continue; // unknown section types are skipped (forward compatibility)
                }
                if (m.type() == MetaEntry.TYPE_MAILBOX) {
                    if (haveMailbox) {
                        throw HxeFormatException.meta(i, "section_type", at,
                                "a second .mailbox section (an image declares its mailboxes in one section)");
                    }
                    haveMailbox = true;
                }
                int from = (int) m.offset();
                sections.add(new HxeSection((int) m.type(), m.entryCount(), Bytes.of(b, from, from + (int) m.size())));
            }
        }
        int cs = headerSize;
        int rs = (int) codeEnd;
        HxeImage image = new HxeImage(appName, flags, entry, bss, caps, Bytes.of(b, cs, rs),
                Bytes.of(b, rs, (int) roEnd), sections);
        return new HxeFile(h, table, image, b.length);
    }

    private static String appName(byte[] b) throws HxeFormatException {
        int nul = -1;
        for (int i = 0; i < 32; i++) {
            if (b[0x20 + i] == 0) {
                nul = i;
                break;
            }
        }
        if (nul < 0) {
            throw HxeFormatException.header("app_name", 0x20, "not NUL-terminated within its 32 bytes");
        }
        for (int i = 0; i < nul; i++) {
            int c = b[0x20 + i] & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                throw HxeFormatException.header("app_name", 0x20 + i,
                        String.format("must be printable ASCII (byte %d is 0x%02X)", i, c));
            }
        }
        for (int i = nul + 1; i < 32; i++) {
            if (b[0x20 + i] != 0) {
                // Not covered by the CRC, so anything after the terminator must be zero to be noticed.
                throw HxeFormatException.header("app_name", 0x20 + i, "bytes after the terminating NUL must be zero");
            }
        }
        return new String(b, 0x20, nul, StandardCharsets.US_ASCII);
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
