package org.hsxmbx.harness.cbackend;

import java.util.List;

/**
 * The one table between the C loader's field codes ({@code HSX_MBX_LOADER_F_*} of
 * {@code firmware-c/include/hsx_mbx.h}, the index here) and the field names of the Java model
 * ({@link org.hsxmbx.model.hxe.HxeFormatException#field()},
 * {@link org.hsxmbx.model.DeclarationException#field()}); docs/c-runtime.md lists the same mapping.
 *
 * <p>C cannot say which binding or which unknown key it means, so two names are patterns:
 * {@code bindings[j]...} stands for every binding index and {@link #UNKNOWN} for any field name
 * the format does not know. {@link #canonical} turns a Java field name into that form.
 */
public final class LoaderField {
    /** The name of code 12 (HSX_MBX_LOADER_F_UNKNOWN): a field the format does not define. */
    public static final String UNKNOWN = "<unknown field>";

    /** Index = code. Code 0 (NONE) has no field. */
    static final List<String> NAMES = List.of(
            "",                  //  0 NONE
            "target",            //  1 TARGET
            "capacity",          //  2 CAPACITY
            "mode",              //  3 MODE
            "owner_pid",         //  4 OWNER_PID
            "bindings[j].pid",   //  5 BINDING_PID
            "bindings[j].flags", //  6 BINDING_FLAGS
            "pid",               //  7 PID: the image's pid does not exist
            "json",              //  8 SYNTAX: not valid JSON
            "mode_mask",         //  9 MODE_MASK
            "name_offset",       // 10 NAME_OFFSET
            "entry_count",       // 11 ENTRY_COUNT
            UNKNOWN,             // 12 UNKNOWN
            "entry",             // 13 ENTRY
            "bindings",          // 14 BINDINGS
            "bindings[j]",       // 15 BINDING
            "version",           // 16 VERSION
            "mailboxes");        // 17 MAILBOXES

    /** The C macro suffix of each code, for the test that the table covers the header. */
    static final List<String> MACROS = List.of("NONE", "TARGET", "CAPACITY", "MODE", "OWNER_PID", "BINDING_PID",
            "BINDING_FLAGS", "PID", "SYNTAX", "MODE_MASK", "NAME_OFFSET", "ENTRY_COUNT", "UNKNOWN", "ENTRY",
            "BINDINGS", "BINDING", "VERSION", "MAILBOXES");

    private LoaderField() {}

    /** The Java field name (pattern) of a C code; null for NONE. */
    public static String name(int code) {
        if (code < 0 || code >= NAMES.size()) {
            throw new IllegalStateException("the C loader reported field code " + code + ", not an HSX_MBX_LOADER_F_*");
        }
        return code == 0 ? null : NAMES.get(code);
    }

    /**
     * The field of a model load's rejection in the form {@link #name} gives (null when OK): an
     * unknown key may be spelled like a known field of another level, so its message decides.
     */
    public static String of(org.hsxmbx.model.hxe.SectionLoader.Result r) {
        if (r.field() == null) {
            return null;
        }
        return r.message() != null && r.message().contains("': unknown field (known: ") ? UNKNOWN
                : canonical(r.field());
    }

    /**
     * A Java field name in the form {@link #name} gives: binding indices become {@code [j]}, and a
     * name the table does not hold (an unknown key that was reported) becomes {@link #UNKNOWN}.
     */
    public static String canonical(String javaField) {
        if (javaField == null) {
            return null;
        }
        String f = javaField.replaceAll("\\[\\d+]", "[j]");
        return NAMES.indexOf(f) > 0 ? f : UNKNOWN;
    }
}
