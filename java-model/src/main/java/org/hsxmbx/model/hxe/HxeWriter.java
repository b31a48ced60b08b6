package org.hsxmbx.model.hxe;

import java.nio.charset.StandardCharsets;

/**
 * Image to bytes (version 2). Layout: header, code, rodata, zero padding to a multiple of 4,
 * the metadata table, then each section starting 4-aligned. The CRC is computed last.
 * The image is checked against the same rules the reader applies, so whatever this writes
 * reads back.
 */
public final class HxeWriter {
    private static final long U32 = 0xFFFFFFFFL;

    private HxeWriter() {}

    public static byte[] write(HxeImage img) throws HxeFormatException {
        check(img);
        int codeLen = img.code().length();
        int roLen = img.rodata().length();
        int n = img.sections().size();
        int roEnd = HxeHeader.V2_SIZE + codeLen + roLen;
        int metaOffset = n == 0 ? 0 : align4(roEnd);
        int[] offsets = new int[n];
        int at = metaOffset + n * MetaEntry.SIZE;
        for (int i = 0; i < n; i++) {
            at = align4(at);
            offsets[i] = at;
            at += img.sections().get(i).data().length();
        }
        int size = n == 0 ? roEnd : at;
        byte[] b = new byte[size];
        put32(b, 0x00, HxeHeader.MAGIC);
        put16(b, 0x04, 2);
        put16(b, 0x06, img.flags());
        put32(b, 0x08, img.entry());
        put32(b, 0x0C, codeLen);
        put32(b, 0x10, roLen);
        put32(b, 0x14, img.bssSize());
        put32(b, 0x18, img.reqCaps());
        byte[] name = img.appName().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, b, 0x20, name.length);
        put32(b, 0x40, metaOffset);
        put32(b, 0x44, n);
        img.code().copyTo(b, HxeHeader.V2_SIZE);
        img.rodata().copyTo(b, HxeHeader.V2_SIZE + codeLen);
        for (int i = 0; i < n; i++) {
            HxeSection s = img.sections().get(i);
            int row = metaOffset + i * MetaEntry.SIZE;
            put32(b, row, s.type());
            put32(b, row + 4, offsets[i]);
            put32(b, row + 8, s.data().length());
            put32(b, row + 12, s.entryCount());
            s.data().copyTo(b, offsets[i]);
        }
        put32(b, HxeCrc.CRC_OFFSET, HxeCrc.compute(b, HxeHeader.V2_SIZE));
        return b;
    }

    private static void check(HxeImage img) throws HxeFormatException {
        String name = img.appName();
        if (name == null) {
            throw HxeFormatException.header("app_name", 0x20, "must be given");
        }
        if (name.length() > 31) {
            throw HxeFormatException.header("app_name", 0x20,
                    "at most 31 characters (got " + name.length() + ": \"" + name + "\")");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw HxeFormatException.header("app_name", 0x20, "must be printable ASCII (character " + i + ")");
            }
        }
        if (img.flags() < 0 || img.flags() > 0xFFFF) {
            throw HxeFormatException.header("flags", 0x06, "must be 0..0xFFFF (got " + img.flags() + ")");
        }
        range(img.entry(), "entry", 0x08);
        range(img.bssSize(), "bss_size", 0x14);
        range(img.reqCaps(), "req_caps", 0x18);
        int codeLen = img.code().length();
        if (codeLen % 4 != 0) {
            throw HxeFormatException.header("code_len", 0x0C, "code must be a multiple of 4 bytes (got " + codeLen + ")");
        }
        if (img.entry() % 4 != 0 || (codeLen == 0 ? img.entry() != 0 : img.entry() >= codeLen)) {
            throw HxeFormatException.header("entry", 0x08, String.format(
                    "must be 4-aligned and < code_len (got 0x%X, code_len %d)", img.entry(), codeLen));
        }
        for (int i = 0; i < img.sections().size(); i++) {
            HxeSection s = img.sections().get(i);
            if (s.type() < 0) {
                throw HxeFormatException.meta(i, "section_type", 0, "must be a uint32 (got " + s.type() + ")");
            }
            if (s.entryCount() < 0 || s.entryCount() > U32) {
                throw HxeFormatException.meta(i, "entry_count", 0, "must be a uint32 (got " + s.entryCount() + ")");
            }
        }
    }

    private static void range(long v, String field, int offset) throws HxeFormatException {
        if (v < 0 || v > U32) {
            throw HxeFormatException.header(field, offset, "must be 0..0xFFFFFFFF (got " + v + ")");
        }
    }

    private static int align4(int v) {
        return (v + 3) & ~3;
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
