package org.hsxmbx.harness.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.Mbx;
import org.hsxmbx.model.hxe.HxeFile;
import org.hsxmbx.model.hxe.HxeFormatException;
import org.hsxmbx.model.hxe.HxeHeader;
import org.hsxmbx.model.hxe.HxeSection;
import org.hsxmbx.model.hxe.MailboxSectionCodec;
import org.hsxmbx.model.hxe.MetaEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hsxmbx hxe inspect FILE [--json]}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Validate an HXE image and print its header, metadata table and declared mailboxes.",
            "Exit 0 when the image is valid, 2 (with a message naming the field) when it is not."})
final class HxeInspectCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .hxe image")
    Path file;

    @Option(names = "--json", description = "print one machine readable JSON object instead of text")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HxeFile f;
        List<MailboxDeclaration> mailboxes;
        try {
            f = HxeCli.readImage(file);
            try {
                mailboxes = f.mailboxes();
            } catch (HxeFormatException e) {
                throw new HxeCli.Failure(file + ": " + e.getMessage());
            }
        } catch (HxeCli.Failure e) {
            return HxeCli.fail(err, "inspect", e);
        }
        HxeSection s = f.image().mailboxSection();
        String encoding = s == null ? null : MailboxSectionCodec.detect(s.data()).name().toLowerCase();
        if (json) {
            HxeCli.printJson(out, toJson(f, mailboxes, encoding));
        } else {
            printText(out, f, mailboxes, encoding);
        }
        return 0;
    }

    private ObjectNode toJson(HxeFile f, List<MailboxDeclaration> mailboxes, String encoding) {
        HxeHeader h = f.header();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("file", file.toString());
        root.put("size", f.fileSize());
        ObjectNode hn = root.putObject("header");
        hn.put("magic", "HSXE");
        hn.put("version", h.version());
        hn.put("header_size", h.size());
        hn.put("flags", h.flags());
        hn.put("entry", h.entry());
        hn.put("code_len", h.codeLen());
        hn.put("ro_len", h.roLen());
        hn.put("bss_size", h.bssSize());
        hn.put("req_caps", h.reqCaps());
        hn.put("crc32", String.format("0x%08X", h.crc32()));
        hn.put("app_name", h.appName());
        hn.put("meta_offset", h.metaOffset());
        hn.put("meta_count", h.metaCount());
        ArrayNode meta = root.putArray("metadata");
        for (MetaEntry m : f.table()) {
            meta.addObject().put("section_type", m.type()).put("name", m.typeName())
                    .put("section_offset", m.offset()).put("section_size", m.size()).put("entry_count", m.entryCount())
                    .put("skipped", !List.of(1L, 2L, 3L).contains(m.type()));
        }
        if (encoding != null) {
            root.put("mailbox_encoding", encoding);
        } else {
            root.putNull("mailbox_encoding");
        }
        try {
            root.set("mailboxes", MailboxSectionCodec.toJson(mailboxes).get("mailboxes"));
        } catch (HxeFormatException e) {
            throw new IllegalStateException("declarations that decoded must encode", e);
        }
        return root;
    }

    private void printText(PrintWriter out, HxeFile f, List<MailboxDeclaration> mailboxes, String encoding) {
        HxeHeader h = f.header();
        out.printf("%s: HXE v%d image, %d bytes, valid%n", file, h.version(), f.fileSize());
        out.printf("  %-12s HSXE%n", "magic");
        out.printf("  %-12s %d (%d-byte header)%n", "version", h.version(), h.size());
        out.printf("  %-12s 0x%04X%s%n", "flags", h.flags(), flagNames(h.flags()));
        out.printf("  %-12s 0x%08X%n", "entry", h.entry());
        out.printf("  %-12s %d%n", "code_len", h.codeLen());
        out.printf("  %-12s %d%n", "ro_len", h.roLen());
        out.printf("  %-12s %d%n", "bss_size", h.bssSize());
        out.printf("  %-12s 0x%08X%s%n", "req_caps", h.reqCaps(),
                (h.reqCaps() & HxeHeader.CAP_MAILBOX) != 0 ? " (mailbox)" : "");
        out.printf("  %-12s 0x%08X (ok)%n", "crc32", h.crc32());
        if (h.version() >= 2) {
            out.printf("  %-12s \"%s\"%n", "app_name", h.appName());
            out.printf("  %-12s 0x%X%n", "meta_offset", h.metaOffset());
            out.printf("  %-12s %d%n", "meta_count", h.metaCount());
        }
        if (f.table().isEmpty()) {
            out.println("metadata: none");
        } else {
            out.println("metadata:");
            out.printf("  %-3s %-12s %-10s %-8s %s%n", "#", "type", "offset", "size", "entries");
            for (int i = 0; i < f.table().size(); i++) {
                MetaEntry m = f.table().get(i);
                out.printf("  %-3d %-12s 0x%-8X %-8d %d%s%n", i, m.typeName(), m.offset(), m.size(), m.entryCount(),
                        List.of(1L, 2L, 3L).contains(m.type()) ? "" : "  (skipped)");
            }
        }
        if (encoding == null) {
            out.println("mailboxes: none declared");
        } else {
            out.printf("mailboxes (%s encoding, %d):%n", encoding, mailboxes.size());
            for (int i = 0; i < mailboxes.size(); i++) {
                MailboxDeclaration d = mailboxes.get(i);
                out.printf("  %-3d %-24s capacity %-6s mode %s%s%n", i, d.target(),
                        d.capacity() == 0 ? "default" : Integer.toString(d.capacity()), HxeCli.mode(d.mode()),
                        d.ownerPid() == null ? "" : "  owner_pid " + d.ownerPid());
                for (MailboxDeclaration.Binding b : d.bindings()) {
                    out.printf("        binding pid %d flags 0x%04X%s%n", b.pid(), b.flags(),
                            (b.flags() & Mbx.MODE_TAP) != 0 ? " (tap)" : "");
                }
                if (d.reserved() != null) {
                    out.printf("        reserved %s%n", d.reserved());
                }
            }
        }
        out.flush();
    }

    private static String flagNames(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & HxeHeader.FLAG_MANIFEST) != 0) {
            sb.append(" manifest");
        }
        if ((flags & HxeHeader.FLAG_ALLOW_MULTIPLE) != 0) {
            sb.append(" allow_multiple");
        }
        return sb.length() == 0 ? "" : " (" + sb.substring(1) + ")";
    }
}
