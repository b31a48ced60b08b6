package org.hsxmbx.model.hxe;

import org.hsxmbx.model.Bytes;

/** A metadata section's payload: its type (see {@link MetaEntry}), entry count and bytes. */
public record HxeSection(int type, long entryCount, Bytes data) {
    public HxeSection {
        if (data == null) {
            throw new IllegalArgumentException("section data must not be null");
        }
    }
}
