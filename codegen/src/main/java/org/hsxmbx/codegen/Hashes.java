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
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
