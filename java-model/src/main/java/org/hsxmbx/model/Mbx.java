package org.hsxmbx.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ABI constants of mailbox module 0x05 (contract section 1). This class is the one
 * source of truth: the C header {@code hsx_mbx_constants.h} is generated from {@link #all()}.
 */
public final class Mbx {
    private Mbx() {}

    public static final int MODULE_ID = 0x05;

    public static final int FN_OPEN = 0x00;
    public static final int FN_BIND = 0x01;
    public static final int FN_SEND = 0x02;
    public static final int FN_RECV = 0x03;
    public static final int FN_PEEK = 0x04;
    public static final int FN_TAP = 0x05;
    public static final int FN_CLOSE = 0x06;

    public static final int MAX_NAME_BYTES = 32;
    public static final int DEFAULT_RING_CAPACITY = 64;
    public static final int MAX_PREFIX_BYTES = 8;

    public static final int TIMEOUT_POLL = 0x0000;
    public static final int TIMEOUT_INFINITE = 0xFFFF;

    public static final int NS_PID = 0;
    public static final int NS_SVC = 1;
    public static final int NS_APP = 2;
    public static final int NS_SHARED = 3;

    public static final int MODE_RDONLY = 0x01;
    public static final int MODE_WRONLY = 0x02;
    public static final int MODE_RDWR = 0x03;
    public static final int MODE_TAP = 0x04;
    public static final int MODE_FANOUT = 0x08;
    public static final int MODE_FANOUT_DROP = 0x10;
    public static final int MODE_FANOUT_BLOCK = 0x20;

    public static final int MSG_STDOUT = 0x0001;
    public static final int MSG_STDERR = 0x0002;
    public static final int MSG_OOB = 0x0004;
    public static final int MSG_OVERRUN = 0x0008;
    public static final int MSG_TRUNCATED = 0x0010;

    public static final String STDIO_IN = "svc:stdio.in";
    public static final String STDIO_OUT = "svc:stdio.out";
    public static final String STDIO_ERR = "svc:stdio.err";

    /** Bytes of the message header {@code len, flags, src_pid, channel}; a queued message costs len + 8. */
    public static final int MSG_HEADER_BYTES = 8;
    /** Bytes of the recv info struct: five uint32 {@code status, length, flags, channel, src_pid}. */
    public static final int RECV_INFO_BYTES = 20;

    public static final int MAX_TARGET_BYTES = MAX_NAME_BYTES;
    public static final int MIN_CAPACITY = MSG_HEADER_BYTES;
    public static final int MAX_CAPACITY = 0xFFFF;
    public static final long NO_DEADLINE = 0xFFFFFFFFL;
    /** Window of the tap rate limit, in executive milliseconds. */
    public static final int TAP_RATE_WINDOW_MS = 1000;

    /** C API, not ABI: returned when the call put the task in WAIT_MBX (its result comes as a completion). */
    public static final int C_BLOCKED = 0xFE;

    /** Mode bit names in the order they are printed. */
    private static final Map<String, Integer> MODE_NAMES = new LinkedHashMap<>();
    /** Message flag names in the order they are printed. */
    private static final Map<String, Integer> FLAG_NAMES = new LinkedHashMap<>();

    static {
        MODE_NAMES.put("RDONLY", MODE_RDONLY);
        MODE_NAMES.put("WRONLY", MODE_WRONLY);
        MODE_NAMES.put("RDWR", MODE_RDWR);
        MODE_NAMES.put("TAP", MODE_TAP);
        MODE_NAMES.put("FANOUT", MODE_FANOUT);
        MODE_NAMES.put("FANOUT_DROP", MODE_FANOUT_DROP);
        MODE_NAMES.put("FANOUT_BLOCK", MODE_FANOUT_BLOCK);
        FLAG_NAMES.put("STDOUT", MSG_STDOUT);
        FLAG_NAMES.put("STDERR", MSG_STDERR);
        FLAG_NAMES.put("OOB", MSG_OOB);
        FLAG_NAMES.put("OVERRUN", MSG_OVERRUN);
        FLAG_NAMES.put("TRUNCATED", MSG_TRUNCATED);
    }

    public static Map<String, Integer> modeNames() {
        return Map.copyOf(MODE_NAMES);
    }

    public static Map<String, Integer> flagNames() {
        return Map.copyOf(FLAG_NAMES);
    }

    /** Value of one mode name ({@code RDWR}), or -1 if it is not one. */
    public static int modeBit(String name) {
        return MODE_NAMES.getOrDefault(name, -1);
    }

    /** Value of one message flag name ({@code OVERRUN}), or -1 if it is not one. */
    public static int flagBit(String name) {
        return FLAG_NAMES.getOrDefault(name, -1);
    }

    /** Every numeric constant with its C name (without the {@code HSX_MBX_} prefix), in header order. */
    public static Map<String, Long> all() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("MODULE_ID", (long) MODULE_ID);
        m.put("FN_OPEN", (long) FN_OPEN);
        m.put("FN_BIND", (long) FN_BIND);
        m.put("FN_SEND", (long) FN_SEND);
        m.put("FN_RECV", (long) FN_RECV);
        m.put("FN_PEEK", (long) FN_PEEK);
        m.put("FN_TAP", (long) FN_TAP);
        m.put("FN_CLOSE", (long) FN_CLOSE);
        m.put("MAX_NAME_BYTES", (long) MAX_NAME_BYTES);
        m.put("DEFAULT_RING_CAPACITY", (long) DEFAULT_RING_CAPACITY);
        m.put("MAX_PREFIX_BYTES", (long) MAX_PREFIX_BYTES);
        m.put("TIMEOUT_POLL", (long) TIMEOUT_POLL);
        m.put("TIMEOUT_INFINITE", (long) TIMEOUT_INFINITE);
        m.put("NS_PID", (long) NS_PID);
        m.put("NS_SVC", (long) NS_SVC);
        m.put("NS_APP", (long) NS_APP);
        m.put("NS_SHARED", (long) NS_SHARED);
        MODE_NAMES.forEach((k, v) -> m.put("MODE_" + k, (long) v));
        FLAG_NAMES.forEach((k, v) -> m.put("MSG_" + k, (long) v));
        for (Status s : Status.values()) {
            m.put("STATUS_" + s.name(), (long) s.code());
        }
        m.put("MSG_HEADER_BYTES", (long) MSG_HEADER_BYTES);
        m.put("RECV_INFO_BYTES", (long) RECV_INFO_BYTES);
        m.put("MIN_CAPACITY", (long) MIN_CAPACITY);
        m.put("MAX_CAPACITY", (long) MAX_CAPACITY);
        m.put("TAP_RATE_WINDOW_MS", (long) TAP_RATE_WINDOW_MS);
        m.put("BLOCKED", (long) C_BLOCKED);
        Features.BITS.forEach((k, v) -> m.put("FEAT_" + k, (long) v));
        return m;
    }

    /** The string constants with their C names. */
    public static Map<String, String> strings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("STDIO_IN", STDIO_IN);
        m.put("STDIO_OUT", STDIO_OUT);
        m.put("STDIO_ERR", STDIO_ERR);
        return m;
    }
}
