package org.hsxmbx.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with value equality (payloads in replies, completions and vectors). */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    public static Bytes of(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    public static Bytes of(byte[] data, int from, int to) {
        return to == from ? EMPTY : new Bytes(Arrays.copyOfRange(data, from, to));
    }

    public static Bytes utf8(String s) {
        return of(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses hex digits (whitespace allowed between bytes); throws IllegalArgumentException. */
    public static Bytes hex(String s) {
        return of(HEX.parseHex(s.replaceAll("\\s+", "")));
    }

    public int length() {
        return data.length;
    }

    public byte get(int i) {
        return data[i];
    }

    public byte[] toArray() {
        return data.clone();
    }

    /** Copies into {@code dst} at {@code off}. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(data, 0, dst, off, data.length);
    }

    public Bytes prefix(int n) {
        return n >= data.length ? this : of(data, 0, n);
    }

    public String hex() {
        return HEX.formatHex(data);
    }

    /** The bytes as text when they are valid printable UTF-8, else null. */
    public String textOrNull() {
        String s = new String(data, StandardCharsets.UTF_8);
        if (!Arrays.equals(s.getBytes(StandardCharsets.UTF_8), data)) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                return null;
            }
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String t = textOrNull();
        return t != null ? '"' + t + '"' : "0x" + hex();
    }
}
