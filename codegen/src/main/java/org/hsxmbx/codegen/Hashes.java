package org.hsxmbx.codegen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes that name generator inputs in banners (stable, unlike paths and dates). */
final class Hashes {
    private Hashes() {}

    /** First 12 hex digits of the file's SHA-256. */
    static String shortSha256(Path file) {
        try {
            return shortSha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new CodegenException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static String shortSha256(byte[] data) {
        return sha256(data).substring(0, 12);
    }

    /** The full SHA-256 in hex, as sha256sum prints it. */
    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
