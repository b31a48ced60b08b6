package org.hsxmbx.model.hxe;

/**
 * The header of an HXE image exactly as stored (big-endian on disk). Unsigned 32-bit fields
 * are longs so that inspect can show any stored value. Version 1 images have only the first
 * 32 bytes: their {@code appName} is empty and they have no metadata table.
 */
public record HxeHeader(int version, int flags, long entry, long codeLen, long roLen, long bssSize, long reqCaps,
                        long crc32, String appName, long metaOffset, long metaCount) {

    public static final int MAGIC = 0x48535845;
    public static final int V1_SIZE = 32;
    public static final int V2_SIZE = 96;
    /** Header flag bit 0: an embedded manifest is present. */
    public static final int FLAG_MANIFEST = 0x0001;
    /** Header flag bit 1: more than one instance may be loaded. */
    public static final int FLAG_ALLOW_MULTIPLE = 0x0002;
    /** req_caps bit 0: the image needs the mailbox subsystem. */
    public static final long CAP_MAILBOX = 0x1;

    /** Bytes of this version's header (32 or 96). */
    public int size() {
        return version == 1 ? V1_SIZE : V2_SIZE;
    }
}
