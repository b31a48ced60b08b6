package org.hsxmbx.model.hxe;

import java.util.zip.CRC32;

/**
 * The image CRC: standard CRC-32 (zlib, IEEE 802.3) over header bytes 0x00..0x1B followed by
 * every byte after the header. app_name, meta_offset, meta_count, reserved and the CRC field
 * itself are not covered, so the CRC can be written last and names can be patched without it.
 */
final class HxeCrc {
    static final int CRC_OFFSET = 0x1C;

    private HxeCrc() {}

    static long compute(byte[] file, int headerSize) {
        CRC32 crc = new CRC32();
        crc.update(file, 0, CRC_OFFSET);
        crc.update(file, headerSize, file.length - headerSize);
        return crc.getValue();
    }
}
