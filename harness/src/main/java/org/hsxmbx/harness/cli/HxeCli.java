package org.hsxmbx.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.hsxmbx.model.Mbx;
import org.hsxmbx.model.hxe.HxeFile;
import org.hsxmbx.model.hxe.HxeFormatException;
import org.hsxmbx.model.hxe.HxeReader;
import org.hsxmbx.model.hxe.MailboxSectionCodec;

/** Shared plumbing of the hxe verbs: reading files with messages that name them, formatting. */
final class HxeCli {
    /** Exit code for unusable input (bad file, bad option), as every verb uses it. */
    static final int BAD_INPUT = 2;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HxeCli() {}

    /** A problem with the input that the verb reports as one line and exit 2. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    static byte[] readBytes(Path p, String what) throws Failure {
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new Failure(p + ": " + what + " not found");
        } catch (IOException e) {
            throw new Failure(p + ": cannot read " + what + " (" + e.getMessage() + ")");
        }
    }

    static HxeFile readImage(Path p) throws Failure {
        byte[] b = readBytes(p, "image");
        try {
            return HxeReader.read(b);
        } catch (HxeFormatException e) {
            throw new Failure(p + ": " + e.getMessage());
        }
    }

    static int fail(PrintWriter err, String verb, Failure f) {
        err.println("hsxmbx hxe " + verb + ": " + f.getMessage());
        err.flush();
        return BAD_INPUT;
    }

    static String mode(int mode) {
        String names = MailboxSectionCodec.modeNames(mode);
        return String.format("0x%02X", mode) + (names == null ? "" : " " + names);
    }

    static String namespace(int ns) {
        return switch (ns) {
            case Mbx.NS_PID -> "pid";
            case Mbx.NS_SVC -> "svc";
            case Mbx.NS_APP -> "app";
            case Mbx.NS_SHARED -> "shared";
            default -> "ns" + ns;
        };
    }

    static void printJson(PrintWriter out, JsonNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a tree we built", e);
        }
        out.flush();
    }
}
