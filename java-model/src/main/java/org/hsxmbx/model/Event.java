package org.hsxmbx.model;

import java.util.Map;

/**
 * One debugger event (contract section 7, schema in docs/events.md). Field values are
 * {@link Long} except {@code reason}, {@code policy} and {@code fn}, which are strings.
 * The map keeps the schema's field order.
 */
public record Event(long seq, long timeMs, String type, Map<String, Object> fields) {
    public Event {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    public Object get(String field) {
        return fields.get(field);
    }
}
