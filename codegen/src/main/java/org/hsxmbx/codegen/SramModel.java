package org.hsxmbx.codegen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.Profile;

/**
 * The static SRAM the C runtime needs for a profile on an architecture, from the struct
 * layouts of {@code firmware-c/src/hsx_mbx_internal.h} and the storage of
 * {@code firmware-c/src/hsx_mbx_state.c}: per-struct sizes under the architecture's alignment rules
 * (AVR: everything byte-aligned, 2-byte pointers; Cortex-M: natural alignment, 4-byte
 * pointers), times the counts the profile gives. The index and offset types are the ones
 * {@link InstanceTypes} chooses and {@link InstanceHeader} writes into the runtime's
 * {@code hsx_mbx_instance.h}: one choice for both.
 *
 * <p>Two checks keep the model honest: the generated {@value #LAYOUT_CHECK} makes the
 * compiler fail when a struct size differs, and a test compares every storage symbol with
 * the sizes {@code nm} reports for the built firmware.
 */
public final class SramModel {
    public static final String LAYOUT_CHECK = "hsx_fw_layout_check.c";
    /** Symbol of the message arena (excluded from the static SRAM budget). */
    public static final String ARENA_SYMBOL = "hsx_mbx__arena";

    private SramModel() {}

    /** A C scalar or struct: size and alignment in bytes. */
    record Type(String name, int size, int align) {}

    /**
     * What the model predicts.
     *
     * @param structs  internal struct types with their sizes, in header order
     * @param symbols  storage symbols of hsx_mbx_state.c (and the svc/loader scratch) with their sizes in bytes
     */
    public record Report(Board.Arch arch, Map<String, Integer> structs, Map<String, Long> symbols) {
        public Report {
            structs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(structs));
            symbols = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(symbols));
        }

        /** Size of one descriptor record (names are in the name pool, not in the record). */
        public long descriptorBytes() {
            return structs.get("hsx_mbx_desc_t");
        }

        public long arenaBytes() {
            return symbols.getOrDefault(ARENA_SYMBOL, 0L);
        }

        /** Static SRAM of the runtime without the message arena (sum of symbol sizes, no padding). */
        public long staticExcludingArena() {
            return symbols.entrySet().stream().filter(e -> !e.getKey().equals(ARENA_SYMBOL))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        /** C source of static assertions: the compiler rejects the build if a struct size differs. */
        public String layoutCheckSource(FirmwareSpec spec) {
            StringBuilder sb = new StringBuilder();
            sb.append(Banner.c(LAYOUT_CHECK, "the struct sizes org.hsxmbx.codegen.SramModel predicts for "
                    + arch.jsonName() + ", checked by the compiler.", spec));
            sb.append("""
                    #include "hsx_mbx_internal.h"

                    /* A failing assertion means the runtime's layout changed: update SramModel so that
                     * the SRAM figures ./hsxmbx build reports stay true. Predicted static SRAM without
                     * the arena: """).append(staticExcludingArena()).append(" bytes. */\n");
            for (Map.Entry<String, Integer> e : structs.entrySet()) {
                sb.append(String.format("_Static_assert(sizeof(%s) == %d, \"SramModel: sizeof(%s) is not %d\");%n",
                        e.getKey(), e.getValue(), e.getKey(), e.getValue()));
            }
            sb.append("\n/* ISO C forbids an empty translation unit. */\ntypedef int hsx_fw_layout_checked_t;\n");
            return sb.toString();
        }
    }

    /** The model of a build with the SVC dispatcher (every feature set but minimal). */
    public static Report of(Board.Arch arch, Profile p) {
        return of(arch, p, true);
    }

    /** @param svc whether hsx_mbx_svc.c is compiled in (HSX_MBX_CFG_SVC) */
    public static Report of(Board.Arch arch, Profile p, boolean svc) {
        boolean avr = arch == Board.Arch.AVR;
        Type u8 = scalar("uint8_t", 1, avr);
        Type u16 = scalar("uint16_t", 2, avr);
        Type u32 = scalar("uint32_t", 4, avr);
        Type ptr = scalar("void *", avr ? 2 : 4, avr);
        InstanceTypes it = new InstanceTypes(p, false, avr);
        Type did = scalar(it.did(), avr);
        Type aoff = scalar(it.aoff(), avr);
        Type noff = scalar(it.noff(), avr);
        Type tslot = scalar(it.tslot(), avr);
        Type hslot = scalar(it.hslot(), avr);
        Type evidx = scalar(it.evidx(), avr);
        Type stamp = scalar(it.stamp(), avr);
        Type wcount = scalar(it.wcount(), avr);
        Type worder = scalar(it.worder(), avr);

        Type ring = struct("hsx_mbx_ring_t", aoff, u16, u16, u16, u16);
        Type desc = struct("hsx_mbx_desc_t", ring, u16, u16, u32, noff, u8, u8, u8);
        Features f = p.features();
        List<Type> handleFields = new java.util.ArrayList<>();
        if (f.fanout()) {
            handleFields.add(u16); // fan-out cursor: low 16 bits of the last seq read
        }
        handleFields.add(u16); // id
        if (f.taps()) {
            handleFields.add(stamp);
        }
        handleFields.add(did);
        handleFields.add(u8); // flags
        Type handle = struct("hsx_mbx_handle_t", handleFields.toArray(new Type[0]));
        Type tap = struct("hsx_mbx_tap_t", u32, ring, wcount, tslot, hslot, u8);
        Type task = struct("hsx_mbx_task_t", ptr, u32, u32, u32, u32, u16, u16, u16, u16, u16, u16, worder, did, u8,
                u8);
        Type evrec = struct("hsx_mbx_evrec_t", u32, u32, u16, u16, u16, u16, u16, did, u8); // type|code in one byte

        Map<String, Integer> structs = new LinkedHashMap<>();
        for (Type t : List.of(ring, desc, handle, tap, task)) {
            structs.put(t.name(), t.size());
        }
        long taskSlots = (long) p.maxTasks() + 1;
        Map<String, Long> sym = new LinkedHashMap<>();
        sym.put("hsx_mbx__desc", (long) desc.size() * p.maxDescriptors());
        sym.put("hsx_mbx__task", task.size() * taskSlots);
        sym.put("hsx_mbx__handle", handle.size() * taskSlots * p.handleLimitPerPid());
        sym.put(ARENA_SYMBOL, (long) Math.max(1, p.arenaBytes()));
        sym.put("hsx_mbx__names", (long) Math.max(1, p.namePoolBytes()));
        if (f.taps()) {
            sym.put("hsx_mbx__tap", (long) tap.size() * Math.max(1, p.maxTaps()));
            sym.put("hsx_mbx__open_stamp", (long) stamp.size());
            // taps_copy's scratch header of a dropped copy (static: the deepest stack path)
            sym.put("hsx_mbx__tap_hdr", (long) struct("msg_hdr_t", u16, u16, u16, u16).size());
        }
        if (f.fanout()) { // fan-out reader counts per descriptor (behind the head, readers)
            Type cnt = scalar(it.fcnt(), avr);
            sym.put("hsx_mbx__fan", (long) struct("hsx_mbx_fan_t", cnt, cnt).size() * p.maxDescriptors());
        }
        if (f.events()) { // { entries, seq, head, count, mask }
            Type entries = new Type("hsx_mbx_evrec_t[]", evrec.size() * p.eventRingSize(), evrec.align());
            sym.put("hsx_mbx__ev", (long) struct("hsx_mbx_evring_t", entries, u32, evidx, evidx, u16).size());
        }
        sym.put("hsx_mbx__arena_used", (long) aoff.size());
        sym.put("hsx_mbx__names_used", (long) noff.size());
        sym.put("hsx_mbx__now", 4L);
        sym.put("hsx_mbx__wait_counter", (long) worder.size());
        sym.put("hsx_mbx__active", (long) did.size());
        sym.put("hsx_mbx__peak_desc", (long) did.size());
        sym.put("hsx_mbx__pool_exhausted", 4L);
        sym.put("hsx_mbx__ntasks", 2L);
        // scratch records kept static to stay off the deepest stack path
        sym.put("hsx_mbx__hdr", (long) struct("msg_hdr_t", u16, u16, u16, u16).size());
        sym.put("hsx_mbx__key", (long) struct("hsx_mbx_key_t", ptr, u16, u8, u8, u8, u8).size());
        if (svc) { // hsx_mbx_svc.c: union { hsx_mbx_msg_info_t; uint16_t }
            sym.put("g_svc", (long) struct("hsx_mbx_msg_info_t", u16, u16, u16, u16).size());
        }
        if (f.loader()) { // hsx_mbx_loader.c: its static scratch record
            Type loff = ptr;
            List<Type> ld = new java.util.ArrayList<>(List.of(ptr, loff, loff, loff, loff, loff));
            for (int i = 0; i < 7; i++) {
                ld.add(loff); // member values
            }
            ld.addAll(List.of(u16, u16)); // binding read last
            for (long i = 0; i < taskSlots; i++) {
                ld.add(u16); // bindings per task slot
            }
            List<Type> declFields = new java.util.ArrayList<>();
            for (int i = 0; i < 33 + 3; i++) {
                declFields.add(u8); // target[33], tlen, mode, has_owner
            }
            declFields.add(u16);
            declFields.add(u16);
            Type decl = struct("hsx_mbx_decl_t", declFields.toArray(new Type[0]));
            Type stk = struct("stk", java.util.Collections.nCopies(16, loff).toArray(new Type[0]));
            Type entries = struct("entries", decl, decl);
            // union { container stack (validation); the two entry records }
            int usize = Math.max(stk.size(), entries.size());
            int ualign = Math.max(stk.align(), entries.align());
            ld.add(new Type("union", (usize + ualign - 1) / ualign * ualign, ualign));
            // per checked entry: fingerprints of text and key (ldh_t = did's width) and its position;
            // one more for the entry being checked (now)
            Type seen = struct("seen", did, did, loff);
            for (long i = 0; i <= p.maxDescriptors(); i++) {
                ld.add(seen);
            }
            ld.add(struct("hsx_mbx_ldinfo_t", u16, u16, u16, u8, u8, u16));
            ld.add(struct("hsx_mbx_ldroom_t", u32, u32, u16, u16)); // int32_t arena, names; descs, taps
            ld.add(u8);
            sym.put("g_ld", (long) struct("g_ld", ld.toArray(new Type[0])).size());
        }
        return new Report(arch, structs, sym);
    }

    private static Type scalar(InstanceTypes.CType t, boolean avr) {
        return scalar(t.c, t.bytes, avr);
    }

    private static Type scalar(String name, int size, boolean avr) {
        return new Type(name, size, avr ? 1 : size);
    }

    /** Lays out fields in order with C's rules: each at a multiple of its alignment, size padded to the largest. */
    static Type struct(String name, Type... fields) {
        int off = 0;
        int align = 1;
        for (Type t : fields) {
            off = roundUp(off, t.align());
            off += t.size();
            align = Math.max(align, t.align());
        }
        return new Type(name, roundUp(off, align), align);
    }

    private static int roundUp(int v, int a) {
        return (v + a - 1) / a * a;
    }
}
