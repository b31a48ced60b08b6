package org.hsxmbx.harness.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.hsxmbx.model.Bytes;
import org.hsxmbx.model.MailboxDeclaration;
import org.hsxmbx.model.hxe.Declarations;
import org.hsxmbx.model.hxe.HxeFormatException;
import org.hsxmbx.model.hxe.HxeHeader;
import org.hsxmbx.model.hxe.HxeImage;
import org.hsxmbx.model.hxe.HxeSection;
import org.hsxmbx.model.hxe.HxeWriter;
import org.hsxmbx.model.hxe.MailboxSectionCodec;
import org.hsxmbx.model.hxe.MetaEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hsxmbx hxe pack DESC.json --out APP.hxe}. */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = {"Write an HXE v2 image from a JSON description.",
            "DESC fields: app_name (required), flags, entry, bss_size, req_caps (integers or \"0x..\" strings;",
            "req_caps defaults to 1 when mailboxes are declared), code and rodata (a file path relative to DESC,",
            "or {\"hex\": \"...\"}; absent = empty), mailboxes (inline {\"version\":1,\"mailboxes\":[...]} or array,",
            "or a path to a .json, .hxe, .c/.h file or source directory), encoding (\"json\" default, or \"binary\")."})
final class HxePackCommand implements Callable<Integer> {
    private static final Set<String> FIELDS = Set.of("app_name", "flags", "entry", "bss_size", "req_caps", "code",
            "rodata", "mailboxes", "encoding");
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DESC.json", description = "the image description")
    Path desc;

    @Option(names = "--out", required = true, paramLabel = "APP.hxe", description = "the image to write")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        try {
            JsonNode d = parse();
            Path base = desc.toAbsolutePath().getParent();
            String appName = text(d, "app_name", null);
            if (appName == null) {
                throw field("app_name", "is required");
            }
            List<MailboxDeclaration> mailboxes = mailboxes(d.get("mailboxes"), base);
            String encoding = text(d, "encoding", "json");
            MailboxSectionCodec.Encoding enc = switch (encoding) {
                case "json" -> MailboxSectionCodec.Encoding.JSON;
                case "binary" -> MailboxSectionCodec.Encoding.BINARY;
                default -> throw field("encoding", "must be \"json\" or \"binary\" (got \"" + encoding + "\")");
            };
            List<HxeSection> sections = List.of();
            if (!mailboxes.isEmpty()) {
                Bytes payload;
                try {
                    payload = MailboxSectionCodec.encode(mailboxes, enc);
                } catch (HxeFormatException e) {
                    throw field("mailboxes", e.getMessage());
                }
                sections = List.of(new HxeSection(MetaEntry.TYPE_MAILBOX, mailboxes.size(), payload));
            }
            long reqCaps = number(d, "req_caps", mailboxes.isEmpty() ? 0 : HxeHeader.CAP_MAILBOX);
            HxeImage img = new HxeImage(appName, (int) Math.min(number(d, "flags", 0), Integer.MAX_VALUE),
                    number(d, "entry", 0), number(d, "bss_size", 0), reqCaps,
                    blob(d, "code", base), blob(d, "rodata", base), sections);
            byte[] bytes;
            try {
                bytes = HxeWriter.write(img);
            } catch (HxeFormatException e) {
                // Header fields are named as DESC names them (the same names as the format).
                throw new HxeCli.Failure(desc + ": " + e.getMessage());
            }
            try {
                Files.write(out, bytes);
            } catch (IOException e) {
                throw new HxeCli.Failure(out + ": cannot write image (" + e.getMessage() + ")");
            }
            o.printf("wrote %s: %d bytes, crc32 0x%08X, %d mailbox%s (%s)%n", out, bytes.length,
                    org.hsxmbx.model.hxe.HxeReader.read(bytes).header().crc32(), mailboxes.size(),
                    mailboxes.size() == 1 ? "" : "es", mailboxes.isEmpty() ? "no .mailbox section" : encoding);
            o.flush();
            return 0;
        } catch (HxeCli.Failure e) {
            return HxeCli.fail(spec.commandLine().getErr(), "pack", e);
        } catch (HxeFormatException e) {
            throw new IllegalStateException("the image we just wrote does not read back", e);
        }
    }

    private JsonNode parse() throws HxeCli.Failure {
        byte[] b = HxeCli.readBytes(desc, "description");
        JsonNode d;
        try {
            d = STRICT.readTree(new String(b, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new HxeCli.Failure(desc + ": not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (d == null || !d.isObject()) {
            throw new HxeCli.Failure(desc + ": must be a JSON object");
        }
        for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!FIELDS.contains(k)) {
                throw field(k, "unknown field (known: app_name, flags, entry, bss_size, req_caps, code, rodata, "
                        + "mailboxes, encoding)");
            }
        }
        return d;
    }

    private HxeCli.Failure field(String name, String detail) {
        return new HxeCli.Failure(desc + ": field '" + name + "': " + detail);
    }

    private String text(JsonNode d, String k, String dflt) throws HxeCli.Failure {
        JsonNode v = d.get(k);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw field(k, "must be a string");
        }
        return v.asText();
    }

    /** A JSON integer or a string in decimal or 0x hex, 0..0xFFFFFFFF. */
    private long number(JsonNode d, String k, long dflt) throws HxeCli.Failure {
        JsonNode v = d.get(k);
        if (v == null || v.isNull()) {
            return dflt;
        }
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.asLong();
        } else if (v.isTextual()) {
            String s = v.asText().trim();
            try {
                n = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw field(k, "'" + s + "' is not an integer");
            }
        } else {
            throw field(k, "must be an integer");
        }
        if (n < 0 || n > 0xFFFFFFFFL) {
            throw field(k, "must be 0..0xFFFFFFFF (got " + n + ")");
        }
        return n;
    }

    private Bytes blob(JsonNode d, String k, Path base) throws HxeCli.Failure {
        JsonNode v = d.get(k);
        if (v == null || v.isNull()) {
            return Bytes.EMPTY;
        }
        if (v.isTextual()) {
            return Bytes.of(HxeCli.readBytes(base.resolve(v.asText()), k + " file (field '" + k + "' of " + desc + ")"));
        }
        if (v.isObject() && v.size() == 1 && v.get("hex") != null && v.get("hex").isTextual()) {
            try {
                return Bytes.hex(v.get("hex").asText());
            } catch (IllegalArgumentException e) {
                throw field(k + ".hex", "not hex digits (" + e.getMessage() + ")");
            }
        }
        throw field(k, "must be a file path or {\"hex\": \"...\"}");
    }

    private List<MailboxDeclaration> mailboxes(JsonNode v, Path base) throws HxeCli.Failure {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isTextual()) {
            try {
                return Declarations.load(base.resolve(v.asText()));
            } catch (HxeFormatException e) {
                throw field("mailboxes", e.getMessage());
            }
        }
        try {
            return MailboxSectionCodec.fromJson(v);
        } catch (HxeFormatException e) {
            throw field("mailboxes", e.getMessage());
        }
    }
}
