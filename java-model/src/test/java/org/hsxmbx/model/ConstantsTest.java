package org.hsxmbx.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Contract section 1: every ABI constant has the contract's value. */
class ConstantsTest {

    @Test
    void moduleAndFunctionNumbers() {
        assertEquals(0x05, Mbx.MODULE_ID);
        assertEquals(0x00, Mbx.FN_OPEN);
        assertEquals(0x01, Mbx.FN_BIND);
        assertEquals(0x02, Mbx.FN_SEND);
        assertEquals(0x03, Mbx.FN_RECV);
        assertEquals(0x04, Mbx.FN_PEEK);
        assertEquals(0x05, Mbx.FN_TAP);
        assertEquals(0x06, Mbx.FN_CLOSE);
    }

    @Test
    void limitsAndTimeouts() {
        assertEquals(32, Mbx.MAX_NAME_BYTES);
        assertEquals(64, Mbx.DEFAULT_RING_CAPACITY);
        assertEquals(8, Mbx.MAX_PREFIX_BYTES);
        assertEquals(0x0000, Mbx.TIMEOUT_POLL);
        assertEquals(0xFFFF, Mbx.TIMEOUT_INFINITE);
    }

    @Test
    void namespaces() {
        assertEquals(0, Mbx.NS_PID);
        assertEquals(1, Mbx.NS_SVC);
        assertEquals(2, Mbx.NS_APP);
        assertEquals(3, Mbx.NS_SHARED);
    }

    @Test
    void modes() {
        assertEquals(0x01, Mbx.MODE_RDONLY);
        assertEquals(0x02, Mbx.MODE_WRONLY);
        assertEquals(0x03, Mbx.MODE_RDWR);
        assertEquals(0x04, Mbx.MODE_TAP);
        assertEquals(0x08, Mbx.MODE_FANOUT);
        assertEquals(0x10, Mbx.MODE_FANOUT_DROP);
        assertEquals(0x20, Mbx.MODE_FANOUT_BLOCK);
        Map<String, Integer> expected = Map.of("RDONLY", 0x01, "WRONLY", 0x02, "RDWR", 0x03, "TAP", 0x04,
                "FANOUT", 0x08, "FANOUT_DROP", 0x10, "FANOUT_BLOCK", 0x20);
        assertEquals(expected, Mbx.modeNames());
        expected.forEach((k, v) -> assertEquals(v, Mbx.modeBit(k)));
        assertEquals(-1, Mbx.modeBit("OVERRUN"));
    }

    @Test
    void messageFlags() {
        assertEquals(0x0001, Mbx.MSG_STDOUT);
        assertEquals(0x0002, Mbx.MSG_STDERR);
        assertEquals(0x0004, Mbx.MSG_OOB);
        assertEquals(0x0008, Mbx.MSG_OVERRUN);
        assertEquals(0x0010, Mbx.MSG_TRUNCATED);
        Map<String, Integer> expected = Map.of("STDOUT", 1, "STDERR", 2, "OOB", 4, "OVERRUN", 8, "TRUNCATED", 16);
        assertEquals(expected, Mbx.flagNames());
        expected.forEach((k, v) -> assertEquals(v, Mbx.flagBit(k)));
        assertEquals(-1, Mbx.flagBit("RDWR"));
    }

    @Test
    void statusCodes() {
        Map<Status, Integer> expected = new LinkedHashMap<>();
        expected.put(Status.OK, 0);
        expected.put(Status.WOULDBLOCK, 1);
        expected.put(Status.INVALID_HANDLE, 2);
        expected.put(Status.NO_DATA, 3);
        expected.put(Status.MSG_TOO_LARGE, 4);
        expected.put(Status.NO_DESCRIPTOR, 5);
        expected.put(Status.TIMEOUT, 7);
        expected.put(Status.INVALID_ARGUMENT, 8);
        expected.put(Status.PERMISSION_DENIED, 9);
        expected.put(Status.INTERNAL_ERROR, 0xFF);
        assertEquals(expected.size(), Status.values().length, "no status beyond the contract's");
        expected.forEach((s, c) -> {
            assertEquals(c, s.code(), s.name());
            assertEquals(s, Status.ofCode(c));
        });
        assertThrows(IllegalArgumentException.class, () -> Status.ofCode(6), "6 is not a status");
    }

    @Test
    void errorStatusesAreTheOnesThatEmitMailboxError() {
        for (Status s : Status.values()) {
            boolean notError = s == Status.OK || s == Status.WOULDBLOCK || s == Status.NO_DATA
                    || s == Status.TIMEOUT;
            assertEquals(!notError, s.isError(), s.name());
        }
    }

    @Test
    void stdioNames() {
        assertEquals("svc:stdio.in", Mbx.STDIO_IN);
        assertEquals("svc:stdio.out", Mbx.STDIO_OUT);
        assertEquals("svc:stdio.err", Mbx.STDIO_ERR);
        assertEquals(Map.of("STDIO_IN", "svc:stdio.in", "STDIO_OUT", "svc:stdio.out", "STDIO_ERR", "svc:stdio.err"),
                Mbx.strings());
    }

    @Test
    void headerAndRecvInfoSizes() {
        // len, flags, src_pid, channel: four uint16
        assertEquals(4 * 2, Mbx.MSG_HEADER_BYTES);
        // status, length, flags, channel, src_pid: five uint32
        assertEquals(5 * 4, Mbx.RECV_INFO_BYTES);
    }

    @Test
    void messageCostIsLengthPlusHeader() {
        MailboxService s = new MailboxService(TestKit.plain());
        int h = TestKit.open(s, 0, "app:cost");
        TestKit.ok(s.send(0, h, TestKit.n(10), 0, 0, 0));
        assertEquals(18, TestKit.peek(s, 0, h).bytesUsed());
    }

    @Test
    void allListsEveryAbiConstantWithItsValue() {
        Map<String, Long> all = Mbx.all();
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("MODULE_ID", 5L);
        expected.put("FN_OPEN", 0L);
        expected.put("FN_BIND", 1L);
        expected.put("FN_SEND", 2L);
        expected.put("FN_RECV", 3L);
        expected.put("FN_PEEK", 4L);
        expected.put("FN_TAP", 5L);
        expected.put("FN_CLOSE", 6L);
        expected.put("MAX_NAME_BYTES", 32L);
        expected.put("DEFAULT_RING_CAPACITY", 64L);
        expected.put("MAX_PREFIX_BYTES", 8L);
        expected.put("TIMEOUT_POLL", 0L);
        expected.put("TIMEOUT_INFINITE", 0xFFFFL);
        expected.put("NS_PID", 0L);
        expected.put("NS_SVC", 1L);
        expected.put("NS_APP", 2L);
        expected.put("NS_SHARED", 3L);
        expected.put("MODE_RDONLY", 1L);
        expected.put("MODE_WRONLY", 2L);
        expected.put("MODE_RDWR", 3L);
        expected.put("MODE_TAP", 4L);
        expected.put("MODE_FANOUT", 8L);
        expected.put("MODE_FANOUT_DROP", 0x10L);
        expected.put("MODE_FANOUT_BLOCK", 0x20L);
        expected.put("MSG_STDOUT", 1L);
        expected.put("MSG_STDERR", 2L);
        expected.put("MSG_OOB", 4L);
        expected.put("MSG_OVERRUN", 8L);
        expected.put("MSG_TRUNCATED", 0x10L);
        expected.put("STATUS_OK", 0L);
        expected.put("STATUS_WOULDBLOCK", 1L);
        expected.put("STATUS_INVALID_HANDLE", 2L);
        expected.put("STATUS_NO_DATA", 3L);
        expected.put("STATUS_MSG_TOO_LARGE", 4L);
        expected.put("STATUS_NO_DESCRIPTOR", 5L);
        expected.put("STATUS_TIMEOUT", 7L);
        expected.put("STATUS_INVALID_ARGUMENT", 8L);
        expected.put("STATUS_PERMISSION_DENIED", 9L);
        expected.put("STATUS_INTERNAL_ERROR", 0xFFL);
        expected.put("MSG_HEADER_BYTES", 8L);
        expected.put("RECV_INFO_BYTES", 20L);
        expected.forEach((k, v) -> {
            assertTrue(all.containsKey(k), "Mbx.all() lacks " + k);
            assertEquals(v, all.get(k), k);
        });
        // the extra (non-contract) constants are consistent with the contract
        assertEquals(8L, all.get("MIN_CAPACITY"));
        assertEquals(0xFFFFL, all.get("MAX_CAPACITY"));
        assertEquals(1000L, all.get("TAP_RATE_WINDOW_MS"));
        // the C API's extras: the blocked marker (not a status code) and the feature bits
        assertEquals(0xFEL, all.get("BLOCKED"));
        assertFalse(Status.values().length == 0 || java.util.Arrays.stream(Status.values()).anyMatch(s -> s.code() == 0xFE));
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 0x40L, 0x80L, 0x100L), List.of(all.get("FEAT_FANOUT"),
                all.get("FEAT_TAPS"), all.get("FEAT_EVENTS"), all.get("FEAT_TIMEOUTS"), all.get("FEAT_STDIO"),
                all.get("FEAT_LOADER"), all.get("FEAT_INTROSPECTION"), all.get("FEAT_SVC"), all.get("FEAT_LOADER_JSON")));
        assertEquals(expected.size() + 13, all.size(), "unexpected constants in Mbx.all(): " + all.keySet());
    }

    @Test
    void namesInAllAreValidCIdentifiersAndUnique() {
        for (String k : Mbx.all().keySet()) {
            assertTrue(k.matches("[A-Z][A-Z0-9_]*"), k);
        }
        for (String k : Mbx.strings().keySet()) {
            assertFalse(Mbx.all().containsKey(k), k);
        }
    }
}
