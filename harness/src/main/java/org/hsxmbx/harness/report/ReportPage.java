package org.hsxmbx.harness.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the report page from the report model alone: HTML with inline SVG and CSS, no script
 * and nothing fetched, so the file can be mailed or archived as CI output and still opens. The
 * model is embedded as {@code <script type="application/json" id="hsxmbx-report">} for tools.
 */
final class ReportPage {
    static final int W = 880;
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295"};
    private static final String OK = "#59a14f";
    private static final String OVER = "#e15759";

    private ReportPage() {}

    /** A stacked bar's segment. */
    private record Seg(String label, long bytes, String color) {}

    static String render(JsonNode m) {
        JsonNode b = m.path("build");
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>hsxmbx report: ").append(x(b.path("board").path("id").asText())).append("</title>\n")
                .append("<style>\n")
                .append("body{font:14px/1.45 system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:24px auto;")
                .append("max-width:").append(W + 40).append("px;color:#222;background:#fff}\n")
                .append("h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #ddd}\n")
                .append("p.sub{color:#555;margin:0 0 8px}table{border-collapse:collapse;margin:6px 0}\n")
                .append("td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}td.n{text-align:right;")
                .append("font-variant-numeric:tabular-nums}\n.ok{color:").append(OK).append(";font-weight:600}.over{color:")
                .append(OVER).append(";font-weight:600}\nsvg text{font:12px system-ui,'DejaVu Sans',sans-serif}\n")
                .append("code{font-size:12px}.note{color:#666;font-size:12px}\n</style>\n</head>\n<body>\n");
        JsonNode p = b.path("profile");
        sb.append("<h1>hsxmbx: ").append(x(b.path("board").path("id").asText())).append(", profile ")
                .append(x(p.path("label").asText())).append("</h1>\n<p class=\"sub\">")
                .append(x(b.path("board").path("mcu").asText())).append(" (").append(x(b.path("board").path("arch")
                        .asText())).append("), features: ").append(x(join(p.path("features")))).append(", mailboxes: ")
                .append(x(b.path("mailboxes").asText())).append(". ").append(x(b.path("generator").asText()))
                .append(", ").append(b.path("budget").path("over").asBoolean() ? "<span class=\"over\">over budget</span>"
                        : "<span class=\"ok\">within budget</span>").append(".</p>\n");
        budget(sb, b);
        image(sb, b.path("image"));
        features(sb, m.path("feature_costs"));
        sram(sb, m.path("sram_map"), b);
        arena(sb, m.path("declared_mailboxes"));
        crossCheck(sb, m.path("cross_check"));
        sb.append("<script type=\"application/json\" id=\"hsxmbx-report\">\n");
        try {
            sb.append(Report.JSON.writeValueAsString(m).replace("</", "<\\/"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        sb.append("\n</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void budget(StringBuilder sb, JsonNode b) {
        sb.append("<h2>Mailbox budget</h2>\n<table><tr><th>item</th><th>measured</th><th>budget</th><th></th>")
                .append("<th>method</th></tr>\n");
        for (JsonNode it : b.path("budget").path("items")) {
            boolean over = it.path("over").asBoolean();
            sb.append("<tr><td>").append(x(it.path("name").asText())).append("</td><td class=\"n\">")
                    .append(it.path("measured_bytes").asLong()).append(" B</td><td class=\"n\">")
                    .append(it.path("budget_bytes").asLong()).append(" B</td><td class=\"").append(over ? "over" : "ok")
                    .append("\">").append(over ? "OVER" : "ok").append("</td><td class=\"note\">")
                    .append(x(it.path("method").asText())).append("</td></tr>\n");
        }
        sb.append("</table>\n<p class=\"note\">deepest call: ").append(x(join(b.path("stack").path("chain"), " \u2192 ")))
                .append("</p>\n");
    }

    private static void image(StringBuilder sb, JsonNode img) {
        sb.append("<h2>Whole image on the part</h2>\n");
        svgOpen(sb, 2 * 30 + 4);
        usageBar(sb, 0, "flash", img.path("flash_bytes").asLong(), img.path("flash_total_bytes").asLong());
        usageBar(sb, 30, "SRAM (static)", img.path("sram_bytes").asLong(), img.path("sram_total_bytes").asLong());
        sb.append("</svg>\n<p class=\"note\">allocated sections of the ELF (objdump -h): flash = code, constants and"
                + " the load copy of data; SRAM = data + bss; stack and heap come on top.</p>\n");
    }

    private static void usageBar(StringBuilder sb, int y, String label, long used, long total) {
        int x0 = 120;
        int w = W - x0 - 10;
        int uw = total <= 0 ? 0 : (int) Math.round((double) w * Math.min(used, total) / total);
        sb.append(text(0, y + 17, label));
        sb.append(rect(x0, y + 4, w, 18, "#eee", null));
        sb.append(rect(x0, y + 4, uw, 18, used > total ? OVER : "#4e79a7", label + ": " + used + " of " + total + " B"));
        String t = String.format(Locale.ROOT, "%d of %d B (%.1f%%)", used, total, total == 0 ? 0.0 : 100.0 * used / total);
        boolean inside = uw >= t.length() * 6.6 + 12;
        sb.append(text(inside ? x0 + 6 : x0 + uw + 6, y + 17, t, inside ? "#fff" : "#222", false));
    }

    private static void features(StringBuilder sb, JsonNode fc) {
        sb.append("<h2>Runtime flash per feature</h2>\n");
        List<Seg> segs = new ArrayList<>();
        int i = 0;
        for (JsonNode s : fc.path("steps")) {
            segs.add(new Seg(s.path("feature").asText(), s.path("delta_bytes").asLong(), COLORS[i++ % COLORS.length]));
        }
        long all = fc.path("budget_all_bytes").asLong();
        long min = fc.path("budget_minimal_bytes").asLong();
        long total = segs.stream().mapToLong(Seg::bytes).sum();
        long scale = Math.max(total, all);
        svgOpen(sb, 92);
        stacked(sb, 24, segs, scale, true);
        marker(sb, 24, min, scale, "minimal budget " + min + " B");
        marker(sb, 24, all, scale, "all-features budget " + all + " B");
        sb.append("</svg>\n");
        sb.append("<table><tr><th>step</th><th>adds</th><th>runtime flash</th></tr>\n");
        for (JsonNode s : fc.path("steps")) {
            sb.append("<tr><td>").append(x(s.path("feature").asText())).append("</td><td class=\"n\">")
                    .append(s.path("feature").asText().equals("core") ? "" : "+" + s.path("delta_bytes").asLong())
                    .append("</td><td class=\"n\">").append(s.path("flash_bytes").asLong()).append(" B</td></tr>\n");
        }
        sb.append("</table>\n<p class=\"note\">").append(x(fc.path("method").asText()))
                .append(".</p>\n");
    }

    private static void sram(StringBuilder sb, JsonNode map, JsonNode b) {
        sb.append("<h2>SRAM map of the instance</h2>\n");
        List<Seg> segs = new ArrayList<>();
        int i = 0;
        for (JsonNode r : map.path("regions")) {
            segs.add(new Seg(r.path("what").asText(), r.path("bytes").asLong(), COLORS[i++ % COLORS.length]));
        }
        long total = map.path("total_bytes").asLong();
        svgOpen(sb, 34);
        stacked(sb, 4, segs, total, false);
        sb.append("</svg>\n<table><tr><th></th><th>region</th><th>symbol</th><th>bytes</th><th>share</th></tr>\n");
        i = 0;
        for (JsonNode r : map.path("regions")) {
            long bytes = r.path("bytes").asLong();
            sb.append("<tr><td>").append(swatch(COLORS[i++ % COLORS.length])).append("</td><td>").append(x(r.path("what").asText()))
                    .append("</td><td><code>").append(x(r.path("symbol").asText())).append("</code></td><td class=\"n\">")
                    .append(bytes).append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%.1f%%",
                            total == 0 ? 0.0 : 100.0 * bytes / total)).append("</td></tr>\n");
        }
        sb.append("<tr><td></td><td><b>total</b></td><td></td><td class=\"n\"><b>").append(total)
                .append("</b></td><td></td></tr>\n</table>\n<p class=\"note\">").append(x(map.path("method").asText()))
                .append(".</p>\n");
    }

    private static void arena(StringBuilder sb, JsonNode d) {
        sb.append("<h2>Arena reserved per declared mailbox</h2>\n");
        long arena = d.path("arena_bytes").asLong();
        List<Seg> segs = new ArrayList<>();
        long used = 0;
        int i = 0;
        if (d.path("task_arena_bytes").asLong() > 0) {
            segs.add(new Seg("task mailboxes", d.path("task_arena_bytes").asLong(), "#bab0ac"));
            used += d.path("task_arena_bytes").asLong();
        }
        for (JsonNode e : d.path("entries")) {
            segs.add(new Seg(e.path("target").asText(), e.path("arena_bytes").asLong(), COLORS[i++ % COLORS.length]));
            used += e.path("arena_bytes").asLong();
        }
        segs.add(new Seg("free", Math.max(0, arena - used), "#f4f4f4"));
        svgOpen(sb, 34);
        stacked(sb, 4, segs, Math.max(arena, used), false);
        sb.append("</svg>\n");
        if (d.path("entries").isEmpty()) {
            sb.append("<p>No declared mailboxes (give <code>--mailboxes FILE</code>).</p>\n");
        } else {
            sb.append("<table><tr><th></th><th>target</th><th>capacity</th><th>arena</th><th>opened by</th></tr>\n");
            for (Seg g : segs) {
                JsonNode e = null;
                for (JsonNode c : d.path("entries")) {
                    if (c.path("target").asText().equals(g.label())) {
                        e = c;
                    }
                }
                sb.append("<tr><td>").append(swatch(g.color())).append("</td><td>")
                        .append(e == null ? x(g.label()) : "<code>" + x(g.label()) + "</code>")
                        .append("</td><td class=\"n\">").append(e == null ? "" : e.path("capacity").asLong())
                        .append("</td><td class=\"n\">").append(g.bytes()).append(" B</td><td>")
                        .append(e == null ? "" : x(join(e.path("bindings")))).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("<p class=\"note\">").append(used).append(" of ").append(arena).append(" arena bytes reserved at"
                + " start-up (task mailboxes: the stdio and pid: mailboxes of the tasks the declarations name), as the"
                + " Java model plans them for the generated start-up code.</p>\n");
    }

    private static void crossCheck(StringBuilder sb, JsonNode c) {
        sb.append("<h2>Cross-check per backend</h2>\n<p class=\"sub\">").append(c.path("vectors").asLong())
                .append(" vectors from <code>").append(x(c.path("source").asText())).append("</code>")
                .append(c.path("input_errors").asLong() > 0 ? ", " + c.path("input_errors").asLong()
                        + " unusable input(s)" : "").append(".</p>\n");
        int rows = c.path("backends").size();
        svgOpen(sb, rows * 30 + 6);
        int y = 0;
        for (JsonNode be : c.path("backends")) {
            long pass = be.path("vectors_passed").asLong();
            long fail = be.path("vectors_failed").asLong();
            long n = Math.max(1, pass + fail);
            int x0 = 120;
            int w = W - x0 - 10;
            int pw = (int) Math.round((double) w * pass / n);
            sb.append(text(0, y + 17, be.path("name").asText() + " (" + be.path("role").asText() + ")"));
            sb.append(rect(x0, y + 4, pw, 18, OK, be.path("name").asText() + ": " + pass + " passed"));
            sb.append(rect(x0 + pw, y + 4, w - pw, 18, fail > 0 ? OVER : "#eee", be.path("name").asText() + ": "
                    + fail + " failed"));
            sb.append(text(x0 + 6, y + 17, pass + " passed, " + fail + " failed: " + be.path("checks").asText(),
                    "#fff", false));
            y += 30;
        }
        sb.append("</svg>\n");
        for (JsonNode be : c.path("backends")) {
            if (be.path("failures").isEmpty()) {
                continue;
            }
            sb.append("<p><b>").append(x(be.path("name").asText())).append("</b>:</p>\n<ul>\n");
            for (JsonNode f : be.path("failures")) {
                sb.append("<li><code>").append(x(f.path("file").asText())).append("</code>: ")
                        .append(x(f.path("message").asText())).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
    }

    // ---------------------------------------------------------------- SVG pieces

    private static void svgOpen(StringBuilder sb, int height) {
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(height).append("\" role=\"img\">\n");
    }

    /** A horizontal stacked bar at y; labels inside segments wide enough, or below when {@code below}. */
    private static void stacked(StringBuilder sb, int y, List<Seg> segs, long scale, boolean below) {
        double x = 0;
        int row = 0;
        for (Seg s : segs) {
            double w = scale <= 0 ? 0 : (double) W * s.bytes() / scale;
            sb.append(rect(x, y, w, 24, s.color(), s.label() + ": " + s.bytes() + " B"));
            String label = s.label() + " " + s.bytes();
            if (w >= label.length() * 6.6 + 6) {
                sb.append(text(x + 4, y + 16, label, s.color().equals("#f4f4f4") ? "#555" : "#fff", false));
            } else if (below) {
                sb.append(text(x + 1, y + 40 + 14 * (row++ % 3), s.label() + " +" + s.bytes(), "#333", false));
            }
            x += w;
        }
    }

    private static void marker(StringBuilder sb, int y, long at, long scale, String label) {
        double x = scale <= 0 ? 0 : Math.min(W - 1.0, (double) W * at / scale);
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\""
                + " stroke-width=\"2\" stroke-dasharray=\"4 2\"/>%n", x, y - 20, x, y + 28));
        boolean right = x > W - 200;
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>%n",
                right ? x - 4 : x + 4, y - 8, right ? "end" : "start", x(label)));
    }

    private static String rect(double x, double y, double w, double h, String fill, String title) {
        String r = String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"",
                x, y, Math.max(0, w), h, fill);
        return title == null ? r + "/>\n" : r + "><title>" + x(title) + "</title></rect>\n";
    }

    private static String text(double x, double y, String s) {
        return text(x, y, s, "#222", false);
    }

    private static String text(double x, double y, String s, String fill, boolean bold) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\"%s>%s</text>%n", x, y, fill,
                bold ? " font-weight=\"bold\"" : "", x(s));
    }

    private static String swatch(String color) {
        return "<svg width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" fill=\"" + color
                + "\" stroke=\"#ccc\"/></svg>";
    }

    private static String join(JsonNode arr) {
        return join(arr, ", ");
    }

    private static String join(JsonNode arr, String sep) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out.isEmpty() ? "(none)" : String.join(sep, out);
    }

    private static String x(String s) {
        return VerifyResult.xml(s);
    }
}
