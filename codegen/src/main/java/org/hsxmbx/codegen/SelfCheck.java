package org.hsxmbx.codegen;

import java.nio.charset.StandardCharsets;
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
        line("st = hsx_fw_create_mailboxes(&failed_entry);");
        check("create " + declared.entries().size() + " declared mailboxes", "st", 0);
        line("if (st != HSX_MBX_STATUS_OK) {");
        line("    hsx_console_puts(\"declared mailbox entry \");");
        line("    hsx_console_putu(failed_entry);");
        line("    hsx_console_puts(\" failed\\n\");");
        line("}");
        stats("after start-up");

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
                    uint8_t failed_entry = 0;
                    uint16_t handle = 0;
                    uint16_t sent = 0;
                    uint8_t buf[64];
                    hsx_mbx_msg_info_t info;
                    hsx_mbx_peek_t pk;
                """);
        if (spec.profile().features().introspection()) {
            sb.append("    hsx_mbx_stats_t stats;\n");
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
