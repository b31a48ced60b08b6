package org.hsxmbx.codegen;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Mbx;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;

/**
 * Writes the firmware's {@code main.c}: initialise the runtime, create the declared mailboxes,
 * then a short self-check of send, recv, peek and close whose expected results are computed
 * here by the Java model running the same calls. Every check prints one console line
 * ({@code ok   ...} or {@code FAIL ...: got X want Y}); the firmware exits 0 when all pass.
 */
final class SelfCheck {
    static final String FILE_NAME = "main.c";
    /** Mailbox the self-check uses; pid 0 opens it after the declared ones exist. */
    static final String TARGET = "app:selfcheck";

    private final FirmwareSpec spec;
    private final MailboxService svc;
    private final StringBuilder body = new StringBuilder();
    private int checks;

    private SelfCheck(FirmwareSpec spec, MailboxService svc) {
        this.spec = spec;
        this.svc = svc;
    }

    /** Number of checks the firmware prints (for tests of the console output). */
    int checks() {
        return checks;
    }

    static SelfCheck render(FirmwareSpec spec) {
        MailboxService svc = DeclaredMailboxes.planningService(spec);
        DeclaredMailboxes declared = DeclaredMailboxes.plan(spec, svc);
        SelfCheck sc = new SelfCheck(spec, svc);
        sc.declared = declared;
        sc.steps();
        return sc;
    }

    private DeclaredMailboxes declared;

    DeclaredMailboxes declared() {
        return declared;
    }

    private void steps() {
        line("st = hsx_mbx_init(NULL);");
        check("init", "st", 0);
        stats("after start-up");
        startUpState();
        for (DeclaredMailboxes.Entry e : declared.entries()) {
            openAndClose(e.target());
        }
        stats("after opening the declared mailboxes");

        Reply open = svc.open(0, TARGET, 0);
        line("st = hsx_mbx_open(0, " + CText.literal(TARGET) + ", " + TARGET.length() + ", 0, &handle);");
        check("open " + TARGET, "st", open.status().code());
        check("open: handle", "handle", open.handle());
        int h = open.handle();

        send(h, "hello", 0, 0);
        send(h, "mailbox", Mbx.MSG_OOB, 7);

        Reply peek = svc.peek(0, h);
        line("st = hsx_mbx_peek(0, " + h + ", &pk);");
        check("peek", "st", peek.status().code());
        if (peek.peek() != null) {
            check("peek: depth", "pk.depth", peek.peek().depth());
            check("peek: bytes_used", "pk.bytes_used", peek.peek().bytesUsed());
            check("peek: next_len", "pk.next_len", peek.peek().nextLen());
        }

        recv(h, 64, "recv");
        recv(h, 4, "recv truncated");
        recv(h, 64, "recv empty");

        Reply close = svc.close(0, h);
        line("st = hsx_mbx_close(0, " + h + ");");
        check("close", "st", close.status().code());
        stats("at the end");
        exitTasks();
    }

    /**
     * The declared mailboxes init created: each descriptor as the model's start-up leaves it
     * (namespace, name, owner, capacity, mode, next_seq), and which handle ids each task holds.
     */
    private void startUpState() {
        descriptors();
        int ids = Math.min(32, spec.profile().handleLimitPerPid() + 8);
        List<Integer> pids = new java.util.ArrayList<>(declared.tasks());
        pids.add(0, 0);
        for (int pid : pids) {
            long mask = 0;
            for (int h = 1; h <= ids; h++) {
                if (svc.peek(pid, h).status() != org.hsxmbx.model.Status.INVALID_HANDLE) {
                    mask |= 1L << (h - 1);
                }
            }
            line("for (mask = 0, h = 1; h <= " + ids + "; h++) {");
            line("    if (hsx_mbx_peek(" + pid + ", (uint16_t)h, &pk) != HSX_MBX_STATUS_INVALID_HANDLE) {");
            line("        mask |= 1UL << (h - 1u);");
            line("    }");
            line("}");
            check("handle ids of pid " + pid, "mask", mask);
        }
    }

    /**
     * The declared tasks exit, freeing the descriptors they own (names in flash among them)
     * while pid 0 holds one whose name is in the name pool; the descriptors left must be the
     * model's, and pid 0 must find its own again by name.
     */
    private void exitTasks() {
        String keep = "svc:keep";
        Reply bind = svc.bind(0, keep, 0, 0);
        line("st = hsx_mbx_bind(0, " + CText.literal(keep) + ", " + keep.length() + ", 0, 0, &handle);");
        check("bind " + keep, "st", bind.status().code());
        for (int pid : declared.tasks()) {
            Reply r = svc.taskExit(pid);
            line("st = hsx_mbx_task_exit(" + pid + ");");
            check("task_exit " + pid, "st", r.status().code());
        }
        stats("after the tasks exit");
        descriptors();
        bind = svc.bind(0, keep, 0, 0);
        line("st = hsx_mbx_bind(0, " + CText.literal(keep) + ", " + keep.length() + ", 0, 0, &handle);");
        check("bind " + keep + " again", "st", bind.status().code());
        check("bind " + keep + " again: descriptor", "handle", bind.descriptor());
    }

    /** Every descriptor as the model has it (namespace, name, owner, capacity, mode, next_seq), and no other. */
    private void descriptors() {
        if (!spec.profile().features().introspection()) {
            return; // no snapshots to compare on a target without introspection
        }
        Stats s = svc.stats();
        int last = 0;
        for (Stats.DescriptorSnapshot d : s.descriptors()) {
            last = Math.max(last, d.id());
            line("ok = hsx_mbx_desc_snapshot(" + d.id() + ", &ds);");
            check("descriptor " + d.id() + " " + d.name(), String.format("(uint32_t)(ok && ds.ns == %d && ds.mode == %d"
                    + " && ds.owner == %d && ds.capacity == %d && ds.next_seq == %dUL && ds.name_len == %d"
                    + " && memcmp(ds.name, %s, %d) == 0)", d.namespace(), d.mode(), d.owner(), d.capacity(),
                    d.nextSeq(), d.name().length(), CText.literal(d.name()), d.name().length()), 1);
        }
        line("ok = hsx_mbx_desc_snapshot(" + (last + 1) + ", &ds);");
        check("no descriptor " + (last + 1), "(uint32_t)ok", 0);
    }

    /** pid 0 finds a declared mailbox by its name (in flash) and closes it again (an ownerless one goes). */
    private void openAndClose(String target) {
        Reply open = svc.open(0, target, 0);
        line("st = hsx_mbx_open(0, " + CText.literal(target) + ", " + target.length() + ", 0, &handle);");
        check("open " + target, "st", open.status().code());
        check("open " + target + ": handle", "handle", open.handle());
        if (open.status() == org.hsxmbx.model.Status.OK) {
            Reply close = svc.close(0, open.handle());
            line("st = hsx_mbx_close(0, " + open.handle() + ");");
            check("close " + target, "st", close.status().code());
        }
    }

    private void send(int h, String text, int flags, int channel) {
        Reply r = svc.send(0, h, Bytes.utf8(text), flags, channel, Mbx.TIMEOUT_POLL);
        line(String.format("st = hsx_mbx_send(0, %d, (const uint8_t *)%s, %d, 0x%02X, %d, HSX_MBX_TIMEOUT_POLL, &sent);",
                h, CText.literal(text), text.length(), flags, channel));
        check("send " + CText.literal(text).replace("\"", "'"), "st", r.status().code());
        check("send: length", "sent", r.length());
    }

    private void recv(int h, int maxLen, String what) {
        Reply r = svc.recv(0, h, maxLen, Mbx.TIMEOUT_POLL);
        line("memset(buf, 0, sizeof buf);");
        line("st = hsx_mbx_recv(0, " + h + ", buf, " + maxLen + ", HSX_MBX_TIMEOUT_POLL, &info);");
        check(what, "st", r.status().code());
        if (r.status().code() != 0) {
            return;
        }
        check(what + ": length", "info.length", r.length());
        check(what + ": flags", "info.flags", r.flags());
        check(what + ": channel", "info.channel", r.channel());
        check(what + ": src_pid", "info.src_pid", r.srcPid());
        String payload = new String(r.payload().toArray(), StandardCharsets.US_ASCII);
        check(what + ": payload", "(uint32_t)(memcmp(buf, " + CText.literal(payload) + ", " + payload.length()
                + ") == 0)", 1);
    }

    /** Checks the counters against the model; a target without introspection has no stats to check. */
    private void stats(String when) {
        if (!spec.profile().features().introspection()) {
            return;
        }
        Stats s = svc.stats();
        line("hsx_mbx_stats(&stats);");
        for (String key : new String[] {"active_descriptors", "arena_used", "handles_total", "tap_count"}) {
            check("stats " + when + ": " + key, "stats." + key, (Long) s.counters().get(key));
        }
    }

    private void line(String c) {
        body.append("    ").append(c).append('\n');
    }

    private void check(String what, String expr, long want) {
        checks++;
        line("check(" + CText.literal(what) + ", " + expr + ", " + want + "UL);");
    }

    String mainSource() {
        Board b = spec.board();
        StringBuilder sb = new StringBuilder();
        sb.append(Banner.c(FILE_NAME, "firmware entry; checks the mailbox runtime against the Java model.", spec));
        sb.append("""
                #include <stdint.h>
                #include <string.h>

                #include "hsx_console.h"
                #include "hsx_fw_mailboxes.h"
                #include "hsx_mbx.h"

                static uint16_t checks;
                static uint16_t failures;

                static void check(const char *what, uint32_t got, uint32_t want)
                {
                    checks++;
                    if (got == want) {
                        hsx_console_puts("ok   ");
                        hsx_console_puts(what);
                    } else {
                        failures++;
                        hsx_console_puts("FAIL ");
                        hsx_console_puts(what);
                        hsx_console_puts(": got ");
                        hsx_console_putu(got);
                        hsx_console_puts(" want ");
                        hsx_console_putu(want);
                    }
                    hsx_console_putc('\\n');
                }

                int main(void)
                {
                    hsx_mbx_status_t st;
                    int ok;
                    unsigned h;
                    uint32_t mask;
                    uint16_t handle = 0;
                    uint16_t sent = 0;
                    uint8_t buf[64];
                    hsx_mbx_msg_info_t info;
                    hsx_mbx_peek_t pk;
                """);
        if (spec.profile().features().introspection()) {
            sb.append("    hsx_mbx_stats_t stats;\n    hsx_mbx_desc_snapshot_t ds;\n");
        }
        sb.append("\n    hsx_console_init();\n");
        sb.append("    hsx_console_puts(").append(CText.literal("hsxmbx selfcheck: board " + b.id() + ", profile "
                + spec.profile().name() + ", features " + spec.featureSet() + "\n")).append(");\n\n");
        sb.append(body);
        sb.append("""
                    hsx_console_puts("selfcheck: ");
                    hsx_console_putu(checks);
                    hsx_console_puts(" checks, ");
                    hsx_console_putu(failures);
                    hsx_console_puts(" failed\\n");
                    hsx_console_exit(failures == 0 ? 0 : 1);
                }
                """);
        return sb.toString();
    }
}
