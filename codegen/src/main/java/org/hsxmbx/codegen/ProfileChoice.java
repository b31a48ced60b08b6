package org.hsxmbx.codegen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.Profile;
import org.hsxmbx.model.ProfileException;

/** Resolves {@code --profile} and {@code --features} into the profile a build uses. */
public final class ProfileChoice {
    private ProfileChoice() {}

    /** A resolved profile and the label the generated files show for it. */
    public record Resolved(Profile profile, String label, String featureSet) {}

    /**
     * @param arg      built-in name, a JSON profile file, or null for the board's default
     * @param features {@code all}, {@code minimal}, a comma-separated list of feature keys (those
     *                 on, the others off: {@code timeouts,stdio,svc}), or null (the profile's own)
     */
    public static Resolved resolve(String arg, String features, Board board) {
        String name = arg == null ? board.defaultProfile() : arg;
        Profile p = Profile.builtin(name);
        String label = name + " (built-in)";
        if (p == null) {
            Path file = arg == null ? board.dir().resolve(name) : Path.of(name);
            p = fromFile(file);
            label = file.getFileName() + " (" + p.name() + ", sha256 " + Hashes.shortSha256(file) + ")";
        }
        if (features == null) {
            return new Resolved(p, label, "profile");
        }
        return switch (features) {
            case "all" -> new Resolved(p.withFeatures(p.name(), Features.ALL), label, "all");
            case "minimal" -> new Resolved(p.withFeatures(p.name(), Features.MINIMAL), label, "minimal");
            default -> new Resolved(p.withFeatures(p.name(), featureList(features)), label, features);
        };
    }

    /** The features a {@code --features} list names; the error names the key that is wrong. */
    static Features featureList(String list) {
        java.util.EnumSet<Features.Feature> on = java.util.EnumSet.noneOf(Features.Feature.class);
        for (String key : list.split(",", -1)) {
            Features.Feature f = Features.Feature.ofKey(key.trim());
            if (f == null) {
                throw new CodegenException("--features: unknown feature set or feature '" + key.trim()
                        + "' (known: all, minimal, or a comma-separated list of " + Features.Feature.keys() + ")");
            }
            on.add(f);
        }
        if (on.contains(Features.Feature.LOADER_JSON) && !on.contains(Features.Feature.LOADER)) {
            throw new CodegenException("--features: loader_json needs loader");
        }
        return Features.of(on);
    }

    static Profile fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CodegenException("--profile: '" + file + "' is neither a built-in profile (" + Profile.builtinNames() + ")"
                    + " nor a file");
        }
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new CodegenException(file + ": not valid JSON at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CodegenException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return Profile.fromJson(node);
        } catch (ProfileException e) {
            throw new CodegenException(file + ": " + e.getMessage());
        }
    }
}
