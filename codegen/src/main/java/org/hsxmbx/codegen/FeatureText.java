package org.hsxmbx.codegen;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.hsxmbx.model.Features;

/**
 * The features of {@link Features} by their profile JSON names ({@code fanout}, ...,
 * {@code loader_json}), in the record's component order. Everything here reads the record's
 * components, so a feature added to {@link Features} appears in the build report, the feature
 * costs and the JSON documents without further edits.
 */
public final class FeatureText {
    private static final RecordComponent[] COMPONENTS = Features.class.getRecordComponents();

    private FeatureText() {}

    /** Every feature's JSON name, in component order. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : COMPONENTS) {
            out.add(jsonName(c.getName()));
        }
        return out;
    }

    /** The JSON names of the features that are on, in component order. */
    public static List<String> on(Features f) {
        return names().stream().filter(n -> isOn(f, n)).toList();
    }

    /** Features as text: the names of those on, space-separated, or {@code (none)}. */
    public static String describe(Features f) {
        List<String> on = on(f);
        return on.isEmpty() ? "(none)" : String.join(" ", on);
    }

    /** Whether feature {@code name} (a JSON name) is on in {@code f}. */
    public static boolean isOn(Features f, String name) {
        RecordComponent c = component(name);
        try {
            return (Boolean) c.getAccessor().invoke(f);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Features." + c.getName() + "()", e);
        }
    }

    /** The features with exactly {@code on} (JSON names) switched on. */
    public static Features of(Collection<String> on) {
        Object[] args = new Object[COMPONENTS.length];
        Class<?>[] types = new Class<?>[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            args[i] = on.contains(jsonName(COMPONENTS[i].getName()));
            types[i] = COMPONENTS[i].getType();
        }
        for (String n : on) {
            component(n);
        }
        try {
            Constructor<Features> k = Features.class.getDeclaredConstructor(types);
            return k.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // a combination the model refuses (e.g. loader_json without loader)
            }
            throw new IllegalStateException("new Features" + on, e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("new Features" + on, e);
        }
    }

    /** The HSX_MBX_FEAT_* bit of feature {@code name} ({@link Features#BITS}). */
    public static int bit(String name) {
        Integer b = Features.BITS.get(name.toUpperCase(Locale.ROOT));
        if (b == null) {
            throw new IllegalArgumentException("feature '" + name + "' has no bit in Features.BITS");
        }
        return b;
    }

    /** The JSON names of the features whose bits are set in {@code bits}, in component order. */
    public static List<String> fromBits(int bits) {
        return names().stream().filter(n -> (bits & bit(n)) != 0).toList();
    }

    private static RecordComponent component(String name) {
        for (RecordComponent c : COMPONENTS) {
            if (jsonName(c.getName()).equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown feature '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /** {@code loaderJson} to {@code loader_json}. */
    static String jsonName(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
