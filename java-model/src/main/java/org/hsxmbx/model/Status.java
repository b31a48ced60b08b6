package org.hsxmbx.model;

/** Status codes of module 0x05 (contract section 1). */
public enum Status {
    OK(0),
    WOULDBLOCK(1),
    INVALID_HANDLE(2),
    NO_DATA(3),
    MSG_TOO_LARGE(4),
    NO_DESCRIPTOR(5),
    TIMEOUT(7),
    INVALID_ARGUMENT(8),
    PERMISSION_DENIED(9),
    INTERNAL_ERROR(0xFF);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for the statuses that emit {@code mailbox_error}. */
    public boolean isError() {
        return switch (this) {
            case OK, WOULDBLOCK, NO_DATA, TIMEOUT -> false;
            default -> true;
        };
    }

    public static Status ofCode(int code) {
        for (Status s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status code " + code);
    }
}
