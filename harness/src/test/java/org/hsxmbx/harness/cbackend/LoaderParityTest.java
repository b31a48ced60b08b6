package org.hsxmbx.harness.cbackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hsxmbx.harness.vector.Op;
import org.hsxmbx.harness.vector.ReplyDiff;
import org.hsxmbx.harness.vector.Step;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.DeclarationException;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.MailboxService;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.Reply;
import org.hsxmbx.model.Stats;
import org.hsxmbx.model.Status;
import org.hsxmbx.model.hxe.HxeFormatException;
import org.hsxmbx.model.hxe.HxeReader;
import org.hsxmbx.model.hxe.HxeSection;
import org.hsxmbx.model.hxe.MailboxSectionCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code .mailbox} loader, Java against C: every section of {@code testvectors/images}, one
 * or more malformed variants per rejection rule of hxe-mailbox-section.md in both encodings, and
 * a seeded mutation loop. Java is {@code MailboxSectionCodec.decodeForLoad} then
 * {@code MailboxService.preload} on a fresh service; C is {@code hsx_mbx_load_section} on a
 * fresh {@link CBackend#reset} with the same profile, tasks and setup. Both must accept or
 * reject alike, with the same status, entry and field ({@link LoaderField}); an accepted load
 * must leave equal {@link Stats}, a rejected one must leave each side's stats unchanged.
 */
class LoaderParityTest {
    private static final Path ROOT = Path.of(System.getProperty("hsxmbx.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper LENIENT = new ObjectMapper();

    /** Small enough that every resource runs out: 4 descriptors, 256 arena bytes, 3 handles per pid, 1 tap. */
    static final Profile SMALL = new Profile("small", 4, 4, 3, 64, 256, 0, 16, false, 24, 1, Features.ALL);
    /** Loader on, fan-out and taps off. */
    static final Profile PLAIN = new Profile("plain", 16, 4, 8, 64, 4096, 0, 16, false, 128, 4,
            Features.ALL.without(Features.Feature.FANOUT, Features.Feature.TAPS));

    private static CBackend c;

    @BeforeAll
    static void open() {
        c = new CBackend();
    }

    @AfterAll
    static void close() {
        c.close();
    }

    /** One load: the section and its metadata count, loaded for image pid {@code pid} after {@code setup}. */
    record Case(String name, Profile profile, List<Step> setup, int pid, Bytes section, long entryCount) {
        Case withCount(long n) {
            return new Case(name, profile, setup, pid, section, n);
        }

        Case withPid(int p) {
            return new Case(name, profile, setup, p, section, entryCount);
        }
    }

    /** What a loader said. */
    record Outcome(Status status, int entry, String field) {
        boolean ok() {
            return status == Status.OK;
        }

        @Override
        public String toString() {
            return ok() ? "OK" : status + " entry " + entry + " field " + field;
        }
    }

    // ---------------------------------------------------------------- running one case

    /** Runs both sides; returns null when they agree, else what differs. */
    static String compare(Case k) {
        MailboxService svc = new MailboxService(k.profile());
        c.reset(k.profile());
        for (Step s : k.setup()) {
            Reply jr = applyJava(svc, s);
            Reply cr = c.apply(s);
            Optional<ReplyDiff.Difference> d = ReplyDiff.first(jr, cr);
            if (d.isPresent()) {
                return "setup step " + s.number() + " differs: " + d.get().describe("java", "c");
            }
        }
        Stats jBefore = svc.stats();
        Stats cBefore = c.stats();
        Optional<ReplyDiff.Difference> d = ReplyDiff.first(jBefore, cBefore);
        if (d.isPresent()) {
            return "stats before the load differ: " + d.get().describe("java", "c");
        }
        Outcome j = java(svc, k);
        org.hsxmbx.harness.vector.LoadResult r = c.loadSection(k.pid(), k.section(), k.entryCount());
        Outcome co = new Outcome(r.status(), r.entry(), r.field());
        if (!j.equals(co)) {
            return "java " + j + ", c " + co + (j.ok() ? "" : " (java: " + javaMessage + ")");
        }
        Stats jAfter = svc.stats();
        Stats cAfter = c.stats();
        if (j.ok()) {
            d = ReplyDiff.first(jAfter, cAfter);
            return d.map(x -> "stats after the load differ: " + x.describe("java", "c")).orElse(null);
        }
        d = ReplyDiff.first(jBefore, jAfter);
        if (d.isPresent()) {
            return "java changed its stats on a rejection: " + d.get().describe("before", "after");
        }
        d = ReplyDiff.first(cBefore, cAfter);
        return d.map(x -> "c changed its stats on a rejection: " + x.describe("before", "after")).orElse(null);
    }

    private static String javaMessage;

    static Outcome java(MailboxService svc, Case k) {
        javaMessage = null;
        try {
            List<MailboxDeclaration> decls = MailboxSectionCodec.decodeForLoad(k.section(), k.entryCount());
            svc.preload(k.pid(), decls);
            return new Outcome(Status.OK, 0, null);
        } catch (HxeFormatException e) {
            javaMessage = e.getMessage();
            // The codec names an unknown field by its key, which may be spelled like a known field of
            // another level ("target" at the top, "pid" in an entry); its message says which it is.
            String f = e.getMessage().contains("': unknown field (known: ") ? LoaderField.UNKNOWN
                    : LoaderField.canonical(e.field());
            return new Outcome(Status.INVALID_ARGUMENT, e.entry(), f);
        } catch (DeclarationException e) {
            javaMessage = e.getMessage();
            return new Outcome(e.status(), e.entry(), LoaderField.canonical(e.field()));
        }
    }

    static Reply applyJava(MailboxService svc, Step s) {
        return switch (s.op()) {
            case TASK_START -> svc.taskStart(s.pid());
            case BIND -> svc.bind(s.pid(), s.target(), s.capacity(), s.mode());
            case OPEN -> svc.open(s.pid(), s.target(), s.flags());
            case SEND -> svc.send(s.pid(), s.handle(), s.payload(), s.flags(), s.channel(), s.timeout());
            case TAP -> svc.tap(s.pid(), s.handle(), s.enable());
            default -> throw new IllegalArgumentException("no setup op " + s.op());
        };
    }

    // ---------------------------------------------------------------- setups

    /** Tasks 1, 2 and 3 (the image is pid 1). */
    static List<Step> tasks() {
        List<Step> l = new ArrayList<>();
        for (int pid = 1; pid <= 3; pid++) {
            l.add(new Step(l.size() + 1, Op.TASK_START, pid, null, 0, 0, 0, 0, 0, 0, Step.DEFAULT_MAX_LEN, false, 0,
                    Bytes.EMPTY, org.hsxmbx.harness.vector.Expect.NONE));
        }
        return l;
    }

    static List<Step> plus(List<Step> base, Step... more) {
        List<Step> l = new ArrayList<>(base);
        for (Step s : more) {
            l.add(new Step(l.size() + 1, s.op(), s.pid(), s.target(), s.capacity(), s.mode(), s.flags(), s.handle(),
                    s.channel(), s.timeout(), s.maxLen(), s.enable(), s.nowMs(), s.payload(), s.expect()));
        }
        return l;
    }

    static Step bind(int pid, String target, int capacity, int mode) {
        return new Step(0, Op.BIND, pid, target, capacity, mode, 0, 0, 0, 0, Step.DEFAULT_MAX_LEN, false, 0,
                Bytes.EMPTY, org.hsxmbx.harness.vector.Expect.NONE);
    }

    static Step open(int pid, String target, int flags) {
        return new Step(0, Op.OPEN, pid, target, 0, 0, flags, 0, 0, 0, Step.DEFAULT_MAX_LEN, false, 0, Bytes.EMPTY,
                org.hsxmbx.harness.vector.Expect.NONE);
    }

    static Step send(int pid, int handle, String text) {
        return new Step(0, Op.SEND, pid, null, 0, 0, 0, handle, 0, 0, Step.DEFAULT_MAX_LEN, false, 0, Bytes.utf8(text),
                org.hsxmbx.harness.vector.Expect.NONE);
    }

    // ---------------------------------------------------------------- section builders

    /** JSON text with ' for " (a literal ' is never needed); the count is the entries a lenient parse sees. */
    static Case json(String name, Profile p, String text) {
        return json(name, p, tasks(), text);
    }

    static Case json(String name, Profile p, List<Step> setup, String text) {
        return raw(name, p, setup, text.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    static Case raw(String name, Profile p, List<Step> setup, byte[] b) {
        return new Case(name, p, setup, 1, Bytes.of(b), lenientCount(b));
    }

    static long lenientCount(byte[] b) {
        try {
            JsonNode n = LENIENT.readTree(new String(b, StandardCharsets.UTF_8).replace("\0", ""));
            if (n != null && n.isObject()) {
                n = n.get("mailboxes");
            }
            return n != null && n.isArray() ? n.size() : 0;
        } catch (Exception e) {
            return 1;
        }
    }

    /** A legacy binary record. */
    record Rec(String target, int capacity, int mode) {}

    /** The canonical binary table (records, then the strings in record order). */
    static byte[] binary(Rec... recs) {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        byte[] table = new byte[16 * recs.length];
        for (int i = 0; i < recs.length; i++) {
            put32(table, 16 * i, table.length + strings.size());
            put16(table, 16 * i + 4, recs[i].capacity());
            put16(table, 16 * i + 6, recs[i].mode());
            strings.writeBytes(recs[i].target().getBytes(StandardCharsets.ISO_8859_1));
            strings.write(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(table);
        out.writeBytes(strings.toByteArray());
        return out.toByteArray();
    }

    static Case bin(String name, Profile p, byte[] b, long count) {
        return new Case(name, p, tasks(), 1, Bytes.of(b), count);
    }

    static Case bin(String name, Profile p, Rec... recs) {
        return bin(name, p, binary(recs), recs.length);
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    static Rec r(String target, int capacity, int mode) {
        return new Rec(target, capacity, mode);
    }

    // ---------------------------------------------------------------- the cases

    /** The {@code .mailbox} sections of the images in testvectors/images. */
    static List<Case> imageCases() throws Exception {
        List<Case> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(ROOT.resolve("testvectors/images"))) {
            files = s.filter(f -> f.toString().endsWith(".hxe")).sorted().toList();
        }
        assertTrue(files.size() >= 2, "images in " + ROOT.resolve("testvectors/images"));
        for (Path f : files) {
            HxeSection sec = HxeReader.read(Files.readAllBytes(f)).image().mailboxSection();
            assertTrue(sec != null, f + " has a .mailbox section");
            for (Profile p : List.of(Profile.DESKTOP, Profile.EMBEDDED, SMALL, PLAIN)) {
                out.add(new Case(f.getFileName() + " on " + p.name(), p, tasks(), 1, sec.data(), sec.entryCount()));
            }
            out.add(new Case(f.getFileName() + " for pid 2", Profile.DESKTOP, tasks(), 2, sec.data(), sec.entryCount()));
            out.add(new Case(f.getFileName() + " for pid 0", Profile.DESKTOP, tasks(), 0, sec.data(), sec.entryCount()));
            out.add(new Case(f.getFileName() + " for a missing pid", Profile.DESKTOP, tasks(), 9, sec.data(),
                    sec.entryCount()));
            out.add(new Case(f.getFileName() + " count + 1", Profile.DESKTOP, tasks(), 1, sec.data(),
                    sec.entryCount() + 1));
            out.add(new Case(f.getFileName() + " count - 1", Profile.DESKTOP, tasks(), 1, sec.data(),
                    sec.entryCount() - 1));
            out.add(new Case(f.getFileName() + " count 2^32-1", Profile.DESKTOP, tasks(), 1, sec.data(), 0xFFFFFFFFL));
            out.add(new Case(f.getFileName() + " loaded twice", Profile.DESKTOP, twice(sec), 1, sec.data(),
                    sec.entryCount()));
        }
        return out;
    }

    /** Tasks, then the section's mailboxes bound as the image would (so a second load meets existing ones). */
    private static List<Step> twice(HxeSection sec) throws HxeFormatException {
        List<Step> l = tasks();
        for (MailboxDeclaration d : MailboxSectionCodec.decode(sec.data(), sec.entryCount())) {
            String t = d.target();
            l = plus(l, bind(d.ownerPid() == null ? 1 : d.ownerPid(), t, d.capacity(), d.mode()));
        }
        return l;
    }

    static List<Case> jsonCases() {
        Profile D = Profile.DESKTOP;
        List<Case> l = new ArrayList<>();
        // accepted
        l.add(json("minimal", D, "[{'target':'app:a'}]"));
        l.add(json("object form", D, "{'version':1,'mailboxes':[{'target':'app:a','capacity':16}]}"));
        l.add(json("mailboxes first", D, "{'mailboxes':[{'target':'app:a'}],'version':1}"));
        l.add(json("empty array", D, "[]"));
        l.add(json("empty object form", D, "{'version':1,'mailboxes':[]}"));
        l.add(json("every field", D, "[{'target':'shared:m','capacity':192,'mode':'RDWR|FANOUT_DROP',"
                + "'bindings':[{'pid':1,'flags':0},{'pid':0,'flags':4},{'pid':2}],'reserved':{'a':[1,2,{'b':null}]}},"
                + "{'target':'app:t','capacity':96,'mode':'RDWR','owner_pid':1}]"));
        l.add(json("raw mask 0x13", D, "[{'target':'shared:f','mode_mask':19}]"));
        l.add(json("mode mask 0", D, "[{'target':'app:z','mode_mask':0}]"));
        l.add(json("mode names blanks", D, "[{'target':'app:a','mode':' RDONLY | FANOUT '}]"));
        l.add(json("mode TAP", D, "[{'target':'app:a','mode':'TAP'}]"));
        l.add(json("mode all blocking", D, "[{'target':'app:a','mode':'RDWR|FANOUT_BLOCK'}]"));
        l.add(json("nulls for optional fields", D, "[{'target':'app:a','capacity':null,'mode':null,'mode_mask':null,"
                + "'owner_pid':null,'bindings':null,'reserved':null}]"));
        l.add(json("null binding flags", D, "[{'target':'app:a','bindings':[{'pid':2,'flags':null}]}]"));
        l.add(json("escapes in target", D, "[{'target':'app:\\u0041\\/b\\\\c'}]"));
        l.add(json("negative zero", D, "[{'target':'app:a','capacity':-0}]"));
        l.add(json("explicit @N", D, "[{'target':'svc:x@2'},{'target':'svc:x'}]"));
        l.add(json("pid target", D, "[{'target':'pid:2','capacity':32},{'target':'pid:001','capacity':0}]"));
        l.add(json("owner_pid agrees", D, "[{'target':'svc:o@2','owner_pid':2}]"));
        l.add(json("owner_pid on shared", D, "[{'target':'shared:o','owner_pid':3}]"));
        l.add(json("bare prefix is svc", D, "[{'target':'foo:bar'},{'target':'plain'}]"));
        l.add(json("shared suffix", D, "[{'target':'shared:s@2'}]"));
        l.add(json("blanks and NUL padding", D, " \n\t[ {'target' : 'app:a' } ] \n\0\0\0"));
        l.add(json("unicode in reserved", D, "[{'target':'app:a','reserved':'caf\u00e9 \u4e00 \ud83d\ude00 \\ud83d\\ude00'}]"));
        l.add(json("numbers in reserved", D, "[{'target':'app:a','reserved':[-1.5e+3,0.0,1E-2,123456789012345678901234]}]"));
        l.add(json("depth 16", D, "[{'target':'app:a','reserved':" + "[".repeat(14) + "]".repeat(14) + "}]"));
        l.add(json("wide keys in reserved", D, "[{'target':'app:a','reserved':{'\u4e00':1,'\u4e01':2,'\ud83d\ude00':3}}]"));
        // syntax
        l.add(json("unclosed", D, "[{'target':'app:a'}"));
        l.add(json("trailing comma", D, "[{'target':'app:a',}]"));
        l.add(json("trailing array comma", D, "[{'target':'app:a'},]"));
        l.add(json("trailing content", D, "[{'target':'app:a'}] x"));
        l.add(json("two documents", D, "[] []"));
        l.add(json("missing comma", D, "[{'target':'app:a'} {'target':'app:b'}]"));
        l.add(json("missing colon", D, "[{'target' 'app:a'}]"));
        l.add(json("leading zero", D, "[{'target':'app:a','capacity':08}]"));
        l.add(json("bare point", D, "[{'target':'app:a','capacity':1.}]"));
        l.add(json("plus sign", D, "[{'target':'app:a','capacity':+1}]"));
        l.add(json("bad literal", D, "[{'target':'app:a','reserved':tru}]"));
        l.add(json("NaN", D, "[{'target':'app:a','reserved':NaN}]"));
        l.add(json("single quotes", D, "[{\u2019target\u2019:1}]"));
        l.add(json("comment", D, "[/* c */{'target':'app:a'}]"));
        l.add(json("bad escape", D, "[{'target':'app:\\a'}]"));
        l.add(json("bad unicode escape", D, "[{'target':'app:\\u00G0'}]"));
        l.add(json("short unicode escape", D, "[{'target':'app:\\u00'}]"));
        l.add(json("raw tab in string", D, "[{'target':'app:a\tb'}]"));
        l.add(json("raw newline in string", D, "[{'target':'app:a\nb'}]"));
        l.add(json("unterminated string", D, "[{'target':'app:a}]"));
        l.add(raw("overlong UTF-8", D, tasks(), bytes("[{\"target\":\"app:", 0xC0, 0x80, "\"}]")));
        l.add(raw("UTF-8 surrogate", D, tasks(), bytes("[{\"target\":\"app:", 0xED, 0xA0, 0x80, "\"}]")));
        l.add(raw("truncated UTF-8", D, tasks(), bytes("[{\"target\":\"app:", 0xE4, 0xB8, "\"}]")));
        l.add(raw("UTF-8 above U+10FFFF", D, tasks(), bytes("[{\"target\":\"app:", 0xF4, 0x90, 0x80, 0x80, "\"}]")));
        // every UTF-8 lead and continuation boundary (the C decoder works in UTF-16 units)
        for (int lead : new int[] {0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFB, 0xFC, 0xFF}) {
            for (int cont : new int[] {0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0}) {
                int n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2; // the length the lead announces
                byte[] seq = new byte[n];
                Arrays.fill(seq, (byte) 0x80);
                seq[0] = (byte) lead;
                seq[1] = (byte) cont;
                l.add(raw(String.format("UTF-8 %02X %02X in reserved", lead, cont), D, tasks(),
                        bytes("[{\"target\":\"app:a\",\"reserved\":\"", seq, "\"}]")));
            }
        }
        l.add(raw("UTF-8 U+10000 and U+10FFFF keys", D, tasks(), bytes("[{\"target\":\"app:a\",\"reserved\":{\"",
                0xF0, 0x90, 0x80, 0x80, "\":1,\"", 0xF4, 0x8F, 0xBF, 0xBF, "\":2,\"\\uD800\\uDC00\":3}}]")));
        l.add(raw("UTF-8 U+10FFFF key duplicate", D, tasks(), bytes("[{\"target\":\"app:a\",\"reserved\":{\"x",
                0xF4, 0x8F, 0xBF, 0xBF, "\":1,\"x\\udbff\\udfff\":2}}]")));
        l.add(raw("UTF-8 4-byte then ASCII key differs", D, tasks(), bytes("[{\"target\":\"app:a\",\"reserved\":{\"",
                0xF0, 0x9F, 0x98, 0x80, "a\":1,\"\\ud83d\\ude00b\":2,\"\\ud83d\":3,\"\\ude00\":4,\"\\ud83d\\u0061\":5}}]")));
        l.add(raw("lone escaped surrogates are keys", D, tasks(), bytes("[{\"target\":\"app:a\",\"reserved\":{\"\\ud83d\":1,"
                + "\"\\ud83d\\ud83d\":2,\"\\ude00\\ud83d\":3}}]")));
        l.add(raw("escaped pair then raw duplicate", D, tasks(), bytes("[{\"target\":\"app:a\",\"reserved\":{\"\\ud83d\\ude00\\ud83d\\ude00\":1,\"",
                0xF0, 0x9F, 0x98, 0x80, 0xF0, 0x9F, 0x98, 0x80, "\":2}}]")));
        l.add(raw("UTF-8 4-byte in target", D, tasks(), bytes("[{\"target\":\"app:", 0xF0, 0x9F, 0x98, 0x80, "\"}]")));
        l.add(raw("UTF-8 4-byte in mode", D, tasks(), bytes("[{\"target\":\"app:a\",\"mode\":\"RDWR|", 0xF0, 0x9F, 0x98, 0x80, "\"}]")));
        l.add(raw("UTF-8 4-byte in key", D, tasks(), bytes("[{\"target\":\"app:a\",\"", 0xF0, 0x9F, 0x98, 0x80, "\":1}]")));
        l.add(raw("UTF-8 truncated 4-byte at the end", D, tasks(), bytes("[{\"target\":\"app:a\",\"reserved\":\"", 0xF0, 0x9F, 0x98)));
        l.add(raw("escape at the end", D, tasks(), bytes("[{\"target\":\"app:a\",\"reserved\":\"\\u00")));
        l.add(raw("stray continuation", D, tasks(), bytes("[{\"target\":\"app:a\",\"reserved\":\"", 0x80, "\"}]")));
        l.add(raw("Latin-1 outside a string", D, tasks(), bytes("[", 0xE9, "]")));
        l.add(raw("NUL inside", D, tasks(), bytes("[{\"target\":\"app:a\"}", 0, "]")));
        l.add(json("duplicate key in entry", D, "[{'target':'app:a','target':'app:b'}]"));
        l.add(json("duplicate key in reserved", D, "[{'target':'app:a','reserved':{'k':1,'k':2}}]"));
        l.add(json("duplicate key deep", D, "[{'target':'app:a','reserved':[{'x':{'k':1,'j':[],'k':2}}]}]"));
        l.add(json("duplicate top-level key", D, "{'version':1,'version':1,'mailboxes':[]}"));
        l.add(json("depth 17", D, "[{'target':'app:a','reserved':" + "[".repeat(15) + "]".repeat(15) + "}]"));
        l.add(json("depth 17 bare", D, "[".repeat(17) + "1" + "]".repeat(17)));
        l.add(json("depth 200", D, "[{'target':'app:a','reserved':" + "{'k':".repeat(200) + "1" + "}".repeat(200) + "}]"));
        l.add(json("only blanks then brace", D, "   {"));
        l.add(json("escaped key", D, "[{'t\\u0061rget':'app:a'}]"));
        l.add(json("escaped key duplicate", D, "[{'target':'app:a','t\\u0061rget':'app:b'}]"));
        l.add(json("escaped key in reserved", D, "[{'target':'app:a','reserved':{'\\n':1}}]"));
        l.add(json("escaped top-level key", D, "{'versio\\u006e':1,'mailboxes':[]}"));
        // top level
        l.add(json("version missing", D, "{'mailboxes':[]}"));
        l.add(json("version 2", D, "{'version':2,'mailboxes':[]}"));
        l.add(json("version 1.0", D, "{'version':1.0,'mailboxes':[]}"));
        l.add(json("version string", D, "{'version':'1','mailboxes':[]}"));
        l.add(json("version null", D, "{'version':null,'mailboxes':[]}"));
        l.add(json("version huge", D, "{'version':4294967297,'mailboxes':[]}"));
        l.add(json("mailboxes missing", D, "{'version':1}"));
        l.add(json("mailboxes null", D, "{'version':1,'mailboxes':null}"));
        l.add(json("mailboxes object", D, "{'version':1,'mailboxes':{'target':'app:a'}}"));
        l.add(json("unknown top-level field", D, "{'version':1,'mailboxes':[],'extra':0}"));
        l.add(json("unknown field before version", D, "{'extra':0,'version':2}"));
        l.add(json("top-level key named target", D, "{'target':'app:a'}"));
        l.add(json("entry key named pid", D, "[{'target':'app:a','pid':1}]"));
        l.add(json("entry key named like a binding field", D, "[{'target':'app:a','bindings[0].pid':1}]"));
        l.add(json("binding key named target", D, "[{'target':'app:a','bindings':[{'pid':1,'target':1}]}]"));
        l.add(json("empty object", D, "{}"));
        // entries
        l.add(json("entry number", D, "[{'target':'app:a'},1]"));
        l.add(json("entry string", D, "['app:a']"));
        l.add(json("entry array", D, "[[]]"));
        l.add(json("entry null", D, "[null]"));
        l.add(json("unknown entry field", D, "[{'target':'app:a'},{'target':'app:b','size':1}]"));
        l.add(json("unknown field before a bad target", D, "[{'target':5,'size':1}]"));
        l.add(json("target missing", D, "[{'capacity':8}]"));
        l.add(json("target null", D, "[{'target':null}]"));
        l.add(json("target number", D, "[{'target':5}]"));
        l.add(json("target empty", D, "[{'target':''}]"));
        l.add(json("target 32 bytes", D, "[{'target':'app:1234567890123456789012345678'}]"));
        l.add(json("target 33 bytes", D, "[{'target':'app:12345678901234567890123456789'}]"));
        l.add(json("target escaped newline", D, "[{'target':'app:\\n'}]"));
        l.add(json("target escaped DEL", D, "[{'target':'app:\\u007f'}]"));
        l.add(json("target Latin-1", D, "[{'target':'caf\u00e9'}]"));
        l.add(json("target escaped Latin-1", D, "[{'target':'caf\\u00e9'}]"));
        l.add(json("target wide", D, "[{'target':'\u4e00'}]"));
        l.add(json("target emoji", D, "[{'target':'app:\ud83d\ude00'}]"));
        l.add(json("target 31 + emoji", D, "[{'target':'app:123456789012345678901234567\ud83d\ude00'}]"));
        l.add(json("target svc: empty", D, "[{'target':'svc:'}]"));
        l.add(json("target svc:@1", D, "[{'target':'svc:@1'}]"));
        l.add(json("target @ too big", D, "[{'target':'svc:x@65536'}]"));
        l.add(json("target @ six digits", D, "[{'target':'svc:x@000001'}]"));
        l.add(json("target @ sign", D, "[{'target':'svc:x@+1'}]"));
        l.add(json("target pid:abc", D, "[{'target':'pid:abc'}]"));
        l.add(json("target @ missing task", D, "[{'target':'svc:x@9'}]"));
        l.add(json("target pid: missing task", D, "[{'target':'pid:9'}]"));
        l.add(json("capacity -1", D, "[{'target':'app:a','capacity':-1}]"));
        l.add(json("capacity 65536", D, "[{'target':'app:a','capacity':65536}]"));
        l.add(json("capacity 65535", D, "[{'target':'app:a','capacity':65535}]"));
        l.add(json("capacity huge", D, "[{'target':'app:a','capacity':123456789012345678901234567890}]"));
        l.add(json("capacity 1.5", D, "[{'target':'app:a','capacity':1.5}]"));
        l.add(json("capacity 8.0", D, "[{'target':'app:a','capacity':8.0}]"));
        l.add(json("capacity 1e2", D, "[{'target':'app:a','capacity':1e2}]"));
        l.add(json("capacity string", D, "[{'target':'app:a','capacity':'8'}]"));
        l.add(json("capacity true", D, "[{'target':'app:a','capacity':true}]"));
        l.add(json("capacity object", D, "[{'target':'app:a','capacity':{}}]"));
        l.add(json("capacity 4 (service)", D, "[{'target':'app:a','capacity':4}]"));
        l.add(json("capacity 7 (service)", D, "[{'target':'app:a'},{'target':'app:b','capacity':7}]"));
        l.add(json("mode unknown name", D, "[{'target':'app:a','mode':'RDWR|BOGUS'}]"));
        l.add(json("mode lower case", D, "[{'target':'app:a','mode':'rdwr'}]"));
        l.add(json("mode empty", D, "[{'target':'app:a','mode':''}]"));
        l.add(json("mode trailing bar", D, "[{'target':'app:a','mode':'RDWR|'}]"));
        l.add(json("mode bar", D, "[{'target':'app:a','mode':'|'}]"));
        l.add(json("mode inner blank", D, "[{'target':'app:a','mode':'RD WR'}]"));
        l.add(json("mode tab trimmed", D, "[{'target':'app:a','mode':'\\tRDWR\\n'}]"));
        l.add(json("mode long name", D, "[{'target':'app:a','mode':'FANOUT_BLOCKING'}]"));
        l.add(json("mode escaped name", D, "[{'target':'app:a','mode':'\\u0052DWR'}]"));
        l.add(json("mode number", D, "[{'target':'app:a','mode':3}]"));
        l.add(json("mode and mode_mask", D, "[{'target':'app:a','mode':'RDWR','mode_mask':3}]"));
        l.add(json("mode null and mode_mask", D, "[{'target':'app:a','mode':null,'mode_mask':3}]"));
        l.add(json("mode drop+block (service)", D, "[{'target':'app:a','mode':'FANOUT_DROP|FANOUT_BLOCK'}]"));
        l.add(json("mode_mask 256", D, "[{'target':'app:a','mode_mask':256}]"));
        l.add(json("mode_mask -1", D, "[{'target':'app:a','mode_mask':-1}]"));
        l.add(json("mode_mask string", D, "[{'target':'app:a','mode_mask':'3'}]"));
        l.add(json("mode_mask 0x40 (service)", D, "[{'target':'app:a','mode_mask':64}]"));
        l.add(json("mode_mask 0x30 (service)", D, "[{'target':'app:a','mode_mask':48}]"));
        l.add(json("owner_pid -1", D, "[{'target':'app:a','owner_pid':-1}]"));
        l.add(json("owner_pid 65536", D, "[{'target':'app:a','owner_pid':65536}]"));
        l.add(json("owner_pid string", D, "[{'target':'app:a','owner_pid':'1'}]"));
        l.add(json("owner_pid missing task", D, "[{'target':'app:a','owner_pid':9}]"));
        l.add(json("owner_pid contradicts @N", D, "[{'target':'svc:x@2','owner_pid':3}]"));
        l.add(json("owner_pid on pid:N", D, "[{'target':'pid:2','owner_pid':3}]"));
        l.add(json("bindings object", D, "[{'target':'app:a','bindings':{'pid':1}}]"));
        l.add(json("bindings number", D, "[{'target':'app:a','bindings':1}]"));
        l.add(json("binding number", D, "[{'target':'app:a','bindings':[{'pid':1},2]}]"));
        l.add(json("binding null", D, "[{'target':'app:a','bindings':[null]}]"));
        l.add(json("binding unknown field", D, "[{'target':'app:a','bindings':[{'pid':1,'flag':1}]}]"));
        l.add(json("binding pid missing", D, "[{'target':'app:a','bindings':[{'flags':1}]}]"));
        l.add(json("binding pid null", D, "[{'target':'app:a','bindings':[{'pid':null}]}]"));
        l.add(json("binding pid -1", D, "[{'target':'app:a','bindings':[{'pid':-1}]}]"));
        l.add(json("binding pid 65536", D, "[{'target':'app:a','bindings':[{'pid':65536}]}]"));
        l.add(json("binding pid string", D, "[{'target':'app:a','bindings':[{'pid':'1'}]}]"));
        l.add(json("binding flags -1", D, "[{'target':'app:a','bindings':[{'pid':1,'flags':-1}]}]"));
        l.add(json("binding flags 65536", D, "[{'target':'app:a','bindings':[{'pid':1,'flags':65536}]}]"));
        l.add(json("binding flags 1.0", D, "[{'target':'app:a','bindings':[{'pid':1,'flags':1.0}]}]"));
        l.add(json("binding bad pid before bad flags", D, "[{'target':'app:a','bindings':[{'flags':-1,'pid':-1}]}]"));
        l.add(json("binding codec error after a good one", D, "[{'target':'app:a','bindings':[{'pid':1},{'pid':'x'}]}]"));
        l.add(json("binding missing task (service)", D, "[{'target':'app:a','bindings':[{'pid':1},{'pid':9}]}]"));
        l.add(json("binding flags 8 (service)", D, "[{'target':'app:a','bindings':[{'pid':1,'flags':8}]}]"));
        l.add(json("binding flags 0x103 (service)", D, "[{'target':'app:a','bindings':[{'pid':1,'flags':259}]}]"));
        l.add(json("binding TAP|WRONLY (service)", D, "[{'target':'app:a','bindings':[{'pid':1,'flags':6}]}]"));
        l.add(json("binding TAP|RDONLY", D, "[{'target':'shared:a','bindings':[{'pid':0,'flags':5},{'pid':2,'flags':1}]}]"));
        l.add(json("binding TAP without taps", PLAIN, "[{'target':'app:a','bindings':[{'pid':1,'flags':4}]}]"));
        l.add(json("fan-out without fanout", PLAIN, "[{'target':'app:a','mode':'FANOUT'}]"));
        l.add(json("shared without fanout", PLAIN, "[{'target':'shared:a','bindings':[{'pid':2}]}]"));
        l.add(json("service error after codec ok", D, "[{'target':'app:a','capacity':4},{'target':'app:b','capacity':-1}]"));
        // duplicates
        l.add(json("textual duplicate", D, "[{'target':'app:a'},{'target':'app:b'},{'target':'app:a'}]"));
        l.add(json("duplicate via @N", D, "[{'target':'svc:x'},{'target':'svc:x@1'}]"));
        l.add(json("duplicate via owner_pid", D, "[{'target':'svc:x@2'},{'target':'svc:x','owner_pid':2}]"));
        l.add(json("duplicate pid:N spelling", D, "[{'target':'pid:2'},{'target':'pid:002'}]"));
        l.add(json("duplicate shared suffix", D, "[{'target':'shared:s'},{'target':'shared:s@2'}]"));
        l.add(json("not duplicate: other owner", D, "[{'target':'svc:x'},{'target':'svc:x@2'}]"));
        l.add(json("not duplicate: app namespace", D, "[{'target':'app:x'},{'target':'svc:x'}]"));
        l.add(json("app @N", D, "[{'target':'app:x@2'},{'target':'app:x'}]"));
        // entry_count
        l.add(json("entry_count + 1", D, "[{'target':'app:a'}]").withCount(2));
        l.add(json("entry_count 0", D, "[{'target':'app:a'}]").withCount(0));
        l.add(json("entry_count with an entry error", D, "[{'target':5}]").withCount(3));
        // the image pid
        l.add(json("image pid missing", D, "[{'target':'app:a'}]").withPid(9));
        l.add(json("image pid missing, codec error", D, "[{'target':5}]").withPid(9));
        l.add(json("image pid 0", D, "[{'target':'svc:e'},{'target':'svc:f@1'}]").withPid(0));
        l.add(json("image pid 65535", D, "[]").withPid(65535));
        // resources on the small profile
        l.add(json("descriptors: 4 fit", SMALL, "[{'target':'app:a','capacity':8},{'target':'app:b','capacity':8},"
                + "{'target':'app:c','capacity':8},{'target':'pid:1','capacity':8}]"));
        l.add(json("descriptors: 5 do not", SMALL, "[{'target':'app:a','capacity':8},{'target':'app:b','capacity':8},"
                + "{'target':'app:c','capacity':8},{'target':'pid:1','capacity':8},{'target':'pid:2','capacity':8}]"));
        l.add(json("arena: exactly", SMALL, "[{'target':'app:a','capacity':200},{'target':'app:b','capacity':56}]"));
        l.add(json("arena: one byte over", SMALL, "[{'target':'app:a','capacity':200},{'target':'app:b','capacity':57}]"));
        l.add(json("arena: default capacity", SMALL, "[{'target':'app:a'},{'target':'app:b'},{'target':'app:c'},"
                + "{'target':'pid:3'}]"));
        l.add(json("arena: 65535", SMALL, "[{'target':'app:a','capacity':65535}]"));
        l.add(json("names: exactly 24", SMALL, "[{'target':'app:123456789012','capacity':8},"
                + "{'target':'svc:123456789012','capacity':8}]"));
        l.add(json("names: 25", SMALL, "[{'target':'app:123456789012','capacity':8},"
                + "{'target':'svc:1234567890123','capacity':8}]"));
        l.add(json("names: pid descriptors need none", SMALL, "[{'target':'app:123456789012345678901234','capacity':8},"
                + "{'target':'pid:2','capacity':8}]"));
        l.add(json("handles: 3 fit", SMALL, "[{'target':'app:a','capacity':8,'bindings':[{'pid':2},{'pid':2}]},"
                + "{'target':'app:b','capacity':8,'bindings':[{'pid':2}]}]"));
        l.add(json("handles: 4 do not", SMALL, "[{'target':'app:a','capacity':8,'bindings':[{'pid':2},{'pid':2}]},"
                + "{'target':'app:b','capacity':8,'bindings':[{'pid':3},{'pid':2},{'pid':2}]}]"));
        l.add(json("handles: existing count", SMALL, plus(tasks(), bind(2, "app:h", 8, 0), open(2, "app:h", 0),
                open(2, "app:h", 0)), "[{'target':'app:a','capacity':8,'bindings':[{'pid':2},{'pid':2}]}]"));
        l.add(json("taps: one fits", SMALL, "[{'target':'app:a','capacity':64,'bindings':[{'pid':0,'flags':4}]}]"));
        l.add(json("taps: two do not", SMALL, "[{'target':'app:a','capacity':16,'bindings':[{'pid':0,'flags':4}]},"
                + "{'target':'app:b','capacity':16,'bindings':[{'pid':2,'flags':5}]}]"));
        l.add(json("taps: tap buffer needs arena", SMALL, "[{'target':'app:a','capacity':128,"
                + "'bindings':[{'pid':0,'flags':4}]},{'target':'app:b','capacity':8}]"));
        l.add(json("taps: existing tap counts", SMALL, plus(tasks(), bind(1, "app:t", 8, 0), open(0, "app:t@1", 4)),
                "[{'target':'app:a','capacity':16,'bindings':[{'pid':2,'flags':4}]}]"));
        l.add(json("resources: the first failing entry", SMALL, "[{'target':'app:a','capacity':250},"
                + "{'target':'app:b','capacity':8,'bindings':[{'pid':9}]}]"));
        // existing mailboxes: rebind, grow, shrink
        List<Step> big = plus(tasks(), bind(1, "app:big", 200, 0), open(1, "app:big", 0), send(1, 1, "0123456789"),
                send(1, 1, "abcdefghijklmnopqrstuvwxyz"), send(1, 1, "last message in the ring"));
        l.add(json("shrink frees arena for a later entry", SMALL, big,
                "[{'target':'app:big','capacity':24},{'target':'app:new','capacity':200}]"));
        l.add(json("shrink after the entry that needs it", SMALL, big,
                "[{'target':'app:new','capacity':200},{'target':'app:big','capacity':24}]"));
        l.add(json("shrink: exactly enough", SMALL, big,
                "[{'target':'app:big','capacity':64},{'target':'app:new','capacity':192}]"));
        l.add(json("shrink: one short", SMALL, big,
                "[{'target':'app:big','capacity':64},{'target':'app:new','capacity':193}]"));
        l.add(json("grow existing", SMALL, big, "[{'target':'app:big','capacity':256}]"));
        l.add(json("grow existing too far", SMALL, big, "[{'target':'app:big','capacity':257}]"));
        l.add(json("existing with default capacity", SMALL, big, "[{'target':'app:big'},{'target':'app:x','capacity':56}]"));
        l.add(json("existing: mode change", SMALL, big, "[{'target':'app:big','mode':'RDWR|FANOUT'}]"));
        l.add(json("existing: bad mode", SMALL, big, "[{'target':'app:big','mode_mask':64}]"));
        l.add(json("existing other owner", D, plus(tasks(), bind(2, "svc:x", 32, 0)),
                "[{'target':'svc:x@2','capacity':16},{'target':'svc:x','capacity':16}]"));
        l.add(json("existing fan-out shrink with readers", D,
                plus(tasks(), bind(1, "shared:f", 64, 0), open(1, "shared:f", 0), open(2, "shared:f", 1),
                        send(1, 1, "aaaaaaaaaaaaaaaa"), send(1, 1, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")),
                "[{'target':'shared:f','capacity':24,'bindings':[{'pid':3,'flags':1}]}]"));
        return l;
    }

    static List<Case> binaryCases() {
        Profile D = Profile.DESKTOP;
        List<Case> l = new ArrayList<>();
        l.add(bin("binary: two records", D, r("app:sensor.raw", 128, 0x23), r("svc:sensor.ctl", 32, 0)));
        l.add(bin("binary: raw mask 0x13", D, r("shared:f", 0, 0x13)));
        l.add(bin("binary: empty", D, new byte[0], 0));
        l.add(bin("binary: zero records and strings", D, binary(r("app:a", 0, 0)), 0));
        l.add(bin("binary: blanks only", D, "  \n".getBytes(StandardCharsets.US_ASCII), 0));
        l.add(bin("binary: count too big", D, binary(r("app:a", 0, 0)), 2));
        l.add(bin("binary: count 2^32-1", D, binary(r("app:a", 0, 0)), 0xFFFFFFFFL));
        l.add(bin("binary: count 2^28", D, binary(r("app:a", 0, 0)), 1L << 28));
        l.add(bin("binary: duplicate", D, r("app:a", 0, 0), r("app:b", 0, 0), r("app:a", 8, 0)));
        l.add(bin("binary: duplicate via @N", D, r("svc:x", 0, 0), r("svc:x@1", 0, 0)));
        l.add(bin("binary: empty target", D, r("", 0, 0)));
        l.add(bin("binary: 33-byte target", D, r("app:12345678901234567890123456789", 0, 0)));
        l.add(bin("binary: 32-byte target", D, r("app:1234567890123456789012345678", 0, 0)));
        l.add(bin("binary: control character", D, r("app:a\tb", 0, 0)));
        l.add(bin("binary: Latin-1 byte", D, r("caf\u00e9", 0, 0)));
        l.add(bin("binary: DEL", D, r("app:\u007f", 0, 0)));
        l.add(bin("binary: long non-ASCII", D, r("\u00e9".repeat(40), 0, 0)));
        l.add(bin("binary: capacity 4 (service)", D, r("app:a", 4, 0)));
        l.add(bin("binary: capacity 65535", D, r("app:a", 65535, 0)));
        l.add(bin("binary: mode 0xFF (service)", D, r("app:a", 0, 0xFF)));
        l.add(bin("binary: mode 0x100", D, r("app:a", 0, 0x100)));
        l.add(bin("binary: mode 0x8003", D, r("app:a", 0, 0x8003)));
        l.add(bin("binary: mode 0 ", D, r("app:a", 0, 0)));
        l.add(bin("binary: target error before mode", D, r("", 0, 0x100)));
        l.add(bin("binary: missing owner", D, r("svc:x@9", 0, 0)));
        l.add(bin("binary: arena shortage", SMALL, r("app:a", 200, 0), r("app:b", 100, 0)));
        l.add(bin("binary: descriptor shortage", SMALL, r("app:a", 8, 0), r("app:b", 8, 0), r("app:c", 8, 0),
                r("app:d", 8, 0), r("app:e", 8, 0)));
        l.add(bin("binary: name shortage", SMALL, r("app:1234567890123456789", 8, 0), r("app:x", 8, 0)));
        l.add(bin("binary: fan-out without fanout", PLAIN, r("app:a", 0, 0x10)));
        byte[] b = binary(r("app:a", 0, 0), r("app:b", 0, 0));
        l.add(bin("binary: reserved bytes ignored", D, set(b, 8, 0xFF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07), 2));
        l.add(bin("binary: offset into the records", D, set(b, 16, 0, 0, 0, 31), 2));
        l.add(bin("binary: offset = table end", D, set(b, 16, 0, 0, 0, 32), 2));
        l.add(bin("binary: offset = size", D, set(b, 16, 0, 0, 0, b.length), 2));
        l.add(bin("binary: offset = size - 1 (the last NUL)", D, set(b, 16, 0, 0, 0, b.length - 1), 2));
        l.add(bin("binary: offset 0x01000020", D, set(b, 16, 1, 0, 0, 32), 2));
        l.add(bin("binary: offset 2^32-1", D, set(b, 16, 0xFF, 0xFF, 0xFF, 0xFF), 2));
        l.add(bin("binary: shared string", D, set(b, 16, 0, 0, 0, 32), 2));
        l.add(bin("binary: unterminated", D, Arrays.copyOf(b, b.length - 1), 2));
        l.add(bin("binary: unterminated first", D, set(binary(r("app:a", 0, 0)), 16 + 5, 'x'), 1));
        l.add(bin("binary: offset error before later target error", D, set(binary(r("app:a", 0, 0), r("", 0, 0)),
                0, 0, 0, 1, 0), 2));
        l.add(bin("binary: trailing NULs", D, Arrays.copyOf(b, b.length + 5), 2));
        l.add(bin("binary: looks like JSON", D, set(b, 0, '{', 0, 0, 32), 2));
        l.add(bin("binary: blank then JSON byte", D, set(b, 0, ' ', '[', 0, 32), 2));
        l.add(bin("binary: tail inside the last record", D, Arrays.copyOf(b, 20), 2));
        l.add(bin("binary: image pid missing", D, b, 2).withPid(9));
        l.add(bin("binary: shrink frees arena", SMALL, binary(r("app:big", 24, 0), r("app:new", 200, 0)), 2));
        Case shrink = bin("binary: shrink frees arena (existing)", SMALL, binary(r("app:big", 24, 0),
                r("app:new", 200, 0)), 2);
        l.add(new Case(shrink.name(), SMALL, plus(tasks(), bind(1, "app:big", 200, 0), open(1, "app:big", 0),
                send(1, 1, "0123456789abcdef0123456789abcdef")), 1, shrink.section(), 2));
        return l;
    }

    static byte[] set(byte[] b, int at, int... v) {
        byte[] out = b.clone();
        for (int i = 0; i < v.length; i++) {
            out[at + i] = (byte) v[i];
        }
        return out;
    }

    /** Strings (UTF-8), byte arrays and single byte values. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else if (p instanceof byte[] a) {
                out.writeBytes(a);
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }

    static List<Case> allCases() throws Exception {
        List<Case> l = new ArrayList<>(imageCases());
        l.addAll(jsonCases());
        l.addAll(binaryCases());
        return l;
    }

    // ---------------------------------------------------------------- tests

    @TestFactory
    Stream<DynamicTest> everyRuleInBothEncodings() throws Exception {
        return allCases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
            String diff = compare(k);
            if (diff != null) {
                fail(k.name() + ": " + diff);
            }
        }));
    }

    /** The cases above accept and reject; a parity test of loaders that agree on nothing would pass too. */
    /** Room for 1000 new mailboxes (64 B each, names "mNNNN"): a large section that loads in full. */
    static final Profile BIG = new Profile("big", 1024, 4, 8, 64, 65536, 0, 16, false, 8192, 4, Features.ALL);

    /** A bare JSON array: n copies of elem. */
    static byte[] array(int n, String elem) {
        StringBuilder sb = new StringBuilder(n * (elem.length() + 1) + 2).append('[');
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(elem);
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A bare JSON array of n entries with distinct targets app:m0000, app:m0001, ... */
    static byte[] distinct(int n) {
        StringBuilder sb = new StringBuilder(n * 24 + 2).append('[');
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format("{\"target\":\"app:m%04d\"}", i));
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The loader's limits (reliability issue, item 5), Java against C: counts beyond 16 bits
     * (the C count of a 65536-element array wrapped and looped for ever; a binary entry_count of
     * 65537 was cut to 1 and loaded entry 0) and sections of thousands of entries, which the C
     * loader used to take time cubic in the entry count for (a 4096-entry section: hours).
     */
    @TestFactory
    Stream<DynamicTest> largeSections() {
        Profile d = Profile.DESKTOP;
        byte[] same = array(65536, "{\"target\":\"app:a\"}");
        int strings = 65537 * 16;
        byte[] table = new byte[strings + 6];
        put32(table, 0, strings);
        System.arraycopy("app:a".getBytes(StandardCharsets.US_ASCII), 0, table, strings, 5);
        List<Object[]> l = List.of(
                new Object[] {new Case("65536 entries, entry_count 0", d, tasks(), 1, Bytes.of(same), 0),
                    new Outcome(Status.INVALID_ARGUMENT, -1, "entry_count")},
                new Object[] {new Case("65536 entries, entry_count 65536", d, tasks(), 1, Bytes.of(same), 65536),
                    new Outcome(Status.INVALID_ARGUMENT, 1, "target")},
                new Object[] {new Case("65536 non-objects", d, tasks(), 1, Bytes.of(array(65536, "0")), 65536),
                    new Outcome(Status.INVALID_ARGUMENT, 0, "entry")},
                new Object[] {new Case("binary entry_count 65537", d, tasks(), 1, Bytes.of(table), 65537),
                    new Outcome(Status.INVALID_ARGUMENT, 1, "name_offset")},
                new Object[] {new Case("binary entry_count 65537, record 0 alone", d, tasks(), 1, Bytes.of(table), 1),
                    new Outcome(Status.OK, 0, null)},
                new Object[] {new Case("4096 entries, more than the free descriptors", d, tasks(), 1,
                    Bytes.of(distinct(4096)), 4096), new Outcome(Status.NO_DESCRIPTOR, -2, "target")},
                new Object[] {new Case("1000 entries load in full", BIG, tasks(), 1, Bytes.of(distinct(1000)), 1000),
                    new Outcome(Status.OK, 0, null)});
        return l.stream().map(x -> DynamicTest.dynamicTest(((Case) x[0]).name(), () -> {
            Case k = (Case) x[0];
            Outcome want = (Outcome) x[1];
            String diff = compare(k);
            if (diff != null) {
                fail(k.name() + ": " + diff);
            }
            MailboxService svc = new MailboxService(k.profile());
            k.setup().forEach(st -> applyJava(svc, st));
            long free = ((Number) svc.stats().counters().get("free_descriptors")).longValue();
            if (want.entry() == -2) { // the first entry beyond the free descriptors
                want = new Outcome(want.status(), (int) free, want.field());
            }
            assertEquals(want, java(svc, k), k.name());
            if (want.ok()) {
                assertEquals(free - k.entryCount(),
                        ((Number) svc.stats().counters().get("free_descriptors")).longValue(), k.name());
            }
        }));
    }

    @Test
    void casesExerciseBothOutcomesAndEveryCode() throws Exception {
        int accepted = 0;
        java.util.Set<String> fields = new java.util.TreeSet<>();
        for (Case k : allCases()) {
            MailboxService svc = new MailboxService(k.profile());
            for (Step s : k.setup()) {
                applyJava(svc, s);
            }
            Outcome o = java(svc, k);
            if (o.ok()) {
                accepted++;
            } else {
                fields.add(o.field());
            }
        }
        assertTrue(accepted >= 40, accepted + " accepted cases");
        List<String> missing = new ArrayList<>(LoaderField.NAMES.subList(1, LoaderField.NAMES.size()));
        missing.removeAll(fields);
        assertEquals(List.of(), missing, "field codes no rejection case reaches");
    }

    /** Seeded byte mutations of the accepted sections: same outcome, and same stats when accepted. */
    @Test
    void randomMutations() throws Exception {
        List<Case> bases = new ArrayList<>();
        for (Case k : allCases()) {
            MailboxService svc = new MailboxService(k.profile());
            for (Step s : k.setup()) {
                applyJava(svc, s);
            }
            if (java(svc, k).ok() && k.section().length() > 0) {
                bases.add(k);
            }
        }
        byte[] alphabet = "{}[]:,\"\\ 0123456789-+.eEuntrfalsp|@\0\t\n".getBytes(StandardCharsets.ISO_8859_1);
        // -Dhsxmbx.loaderMutations=N and -Dhsxmbx.loaderSeed=S run a longer or another loop.
        Random rnd = new Random(Long.getLong("hsxmbx.loaderSeed", 0x5EC7105L));
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        int cases = Integer.getInteger("hsxmbx.loaderMutations", 600);
        for (int n = 0; n < cases; n++) {
            Case base = bases.get(rnd.nextInt(bases.size()));
            byte[] b = base.section().toArray();
            int edits = 1 + rnd.nextInt(3);
            for (int e = 0; e < edits && b.length > 0; e++) {
                int at = rnd.nextInt(b.length);
                switch (rnd.nextInt(4)) {
                    case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                    case 1 -> {
                        byte[] x = new byte[b.length + 1];
                        System.arraycopy(b, 0, x, 0, at);
                        x[at] = rnd.nextBoolean() ? alphabet[rnd.nextInt(alphabet.length)] : (byte) rnd.nextInt(256);
                        System.arraycopy(b, at, x, at + 1, b.length - at);
                        b = x;
                    }
                    case 2 -> {
                        byte[] x = new byte[b.length - 1];
                        System.arraycopy(b, 0, x, 0, at);
                        System.arraycopy(b, at + 1, x, at, b.length - at - 1);
                        b = x;
                    }
                    default -> b[at] = alphabet[rnd.nextInt(alphabet.length)];
                }
            }
            long count = rnd.nextInt(8) == 0 ? base.entryCount() + rnd.nextInt(3) - 1 : base.entryCount();
            Case k = new Case(base.name() + " mutation " + n, base.profile(), base.setup(), base.pid(), Bytes.of(b),
                    Math.max(0, count));
            String diff = compare(k);
            if (diff != null) {
                failures.add(k.name() + " [" + hex(b) + "] count " + k.entryCount() + ": " + diff);
            }
            MailboxService svc = new MailboxService(k.profile());
            for (Step s : k.setup()) {
                applyJava(svc, s);
            }
            if (java(svc, k).ok()) {
                accepted++;
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + cases + " mutations differ:\n"
                    + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
        System.out.println("LoaderParityTest: " + cases + " mutations, " + accepted + " accepted, "
                + (cases - accepted) + " rejected, all alike in C");
        assertTrue(accepted > 10, "only " + accepted + " mutations were accepted");
    }

    /** The one table covers exactly the HSX_MBX_LOADER_F_* codes of the C header, by name and value. */
    @Test
    void fieldTableCoversTheHeader() throws Exception {
        String h = Files.readString(ROOT.resolve("firmware-c/include/hsx_mbx.h"));
        Matcher m = Pattern.compile("#define HSX_MBX_LOADER_F_(\\w+)\\s+(\\d+)u").matcher(h);
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            int code = Integer.parseInt(m.group(2));
            assertTrue(code < LoaderField.MACROS.size(), "code " + code + " (" + m.group(1) + ") is not in LoaderField");
            assertEquals(LoaderField.MACROS.get(code), m.group(1), "LoaderField name of code " + code);
            seen.add(m.group(1));
        }
        assertEquals(LoaderField.MACROS, seen, "the header's codes in order");
        assertEquals(LoaderField.MACROS.size(), LoaderField.NAMES.size());
        assertEquals("bindings[j].pid", LoaderField.canonical("bindings[12].pid"));
        assertEquals(LoaderField.UNKNOWN, LoaderField.canonical("bindings[0].pidd"));
        assertEquals(LoaderField.UNKNOWN, LoaderField.canonical("size"));
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int v = x & 0xFF;
            sb.append(v >= 0x20 && v < 0x7F ? String.valueOf((char) v) : String.format("\\x%02X", v));
        }
        return sb.toString();
    }
}
