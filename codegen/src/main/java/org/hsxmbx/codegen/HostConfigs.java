package org.hsxmbx.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hsxmbx.model.Features;
import org.hsxmbx.model.Profile;

/**
 * The configurations the repository's own builds use besides the boards' (the host library
 * for the JNA harness, the C unit tests, the cross-compile checks, the fuzzers), generated from
 * profiles like a board's so that no size is typed by hand. They are committed, so that a
 * plain CMake build needs no Java; {@code ./hsxmbx configs} rewrites them and
 * {@code HostConfigsTest} fails when a committed file differs from what this class writes.
 */
public final class HostConfigs {
    static final String GENERATOR = "org.hsxmbx.codegen.HostConfigs";
    static final String COMMAND = "./hsxmbx configs";
    static final String FUZZ_PROFILES = "firmware-c/fuzz/fuzz_profiles.h";

    private HostConfigs() {}

    /** What a configuration's header says after the profile: who calls the runtime and its hooks. */
    private static final String HOST_HOOKS = """
            /* One context: the JNA harness calls the library from one thread at a time
             * (CBackend is not thread-safe), so the critical sections are empty. */
            #define HSX_MBX_SINGLE_CONTEXT        1

            /* The host library (hsx_mbx_host.c) collects completions per call. */
            struct hsx_mbx_completion;
            void hsx_host_on_complete(const struct hsx_mbx_completion *c);
            #define HSX_MBX_ON_COMPLETE(c) hsx_host_on_complete(c)
            """;
    private static final String TEST_HOOKS = """
            /* One context: the unit tests are single-threaded. */
            #define HSX_MBX_SINGLE_CONTEXT        1

            /* Both hooks go to tkit.c, which can also run a test's re-entry function
             * (tk_reenter, test_reentry.c) from inside them. */
            struct hsx_mbx_completion;
            struct hsx_mbx_event;
            void tkit_on_complete(const struct hsx_mbx_completion *c);
            void tkit_on_event(const struct hsx_mbx_event *e);
            #define HSX_MBX_ON_COMPLETE(c) tkit_on_complete(c)
            #define HSX_MBX_ON_EVENT(e) tkit_on_event(e)
            """;
    private static final String NO_HOOKS = """
            /* Critical sections: none, one context calls the service (the cross checks and the
             * size tools compile the runtime without a port's sections; the benchmark is one
             * thread). Generated board configs define HSX_MBX_ENTER_CRITICAL/EXIT_CRITICAL. */
            #define HSX_MBX_SINGLE_CONTEXT        1
            """;

    /**
     * One committed configuration.
     *
     * @param dir           its directory, relative to the checkout
     * @param purpose       what builds it (the banner's first line)
     * @param profile       a built-in profile name, or a profile JSON file relative to the checkout
     * @param features      {@code all}, {@code minimal} or {@code profile} (the profile's own)
     * @param runtimeLimits the sizes are maxima and hsx_mbx_init takes the profile (one library, every profile)
     * @param svc           compile the SVC dispatcher
     * @param scope         the compilers the instance types are for
     * @param tail          critical-section choice and hooks
     */
    record Config(String dir, String purpose, String profile, String features, boolean runtimeLimits, boolean svc,
                  InstanceHeader.Scope scope, String tail) {}

    static final List<Config> CONFIGS = List.of(
            new Config("firmware-c/config/host", "the host library (JNA harness), one build for every profile",
                    "firmware-c/config/host/profile.json", "profile", true, true, InstanceHeader.Scope.NOT_AVR,
                    HOST_HOOKS),
            new Config("firmware-c/config/host-embedded", "the host library over the embedded target"
                    + " configuration (narrow types, constant limits), fuzzed against the model",
                    "embedded", "all", false, true, InstanceHeader.Scope.NOT_AVR, HOST_HOOKS),
            new Config("firmware-c/config/host-minimal", "the host library over the minimal-features target"
                    + " configuration (features off compiled out, constant limits), fuzzed against the model's"
                    + " minimal profile", "embedded", "minimal", false, false, InstanceHeader.Scope.NOT_AVR,
                    HOST_HOOKS),
            new Config("firmware-c/test/config", "the C unit tests (completions and events captured by tkit.c)",
                    "firmware-c/test/config/profile.json", "profile", true, true, InstanceHeader.Scope.NOT_AVR,
                    TEST_HOOKS),
            new Config("firmware-c/test/cross/full", "the cross-compile checks and size tools, all features",
                    "embedded", "all", false, true, InstanceHeader.Scope.ANY, NO_HOOKS),
            new Config("firmware-c/test/cross/minimal", "the cross-compile checks and size tools, minimal features",
                    "embedded", "minimal", false, false, InstanceHeader.Scope.ANY, NO_HOOKS),
            new Config("boards/bench/loader-host", "the host loader benchmark (boards/bench/bench_loader.c,"
                    + " scripts/bench-loader.sh): constant limits, room for a 4096-entry section",
                    "boards/bench/loader-host/profile.json", "all", false, false, InstanceHeader.Scope.NOT_AVR,
                    NO_HOOKS));

    /** Every generated file by path relative to {@code root}. */
    public static Map<String, String> render(Path root) {
        Map<String, String> files = new TreeMap<>();
        for (Config c : CONFIGS) {
            ProfileChoice.Resolved p = profile(root, c);
            List<String> inputs = List.of(
                    "  profile   " + p.label(),
                    "  features  " + p.featureSet() + ": " + FeatureText.describe(p.profile().features()),
                    "  limits    " + (c.runtimeLimits() ? "at run time, these are the maxima" : "compile-time"));
            files.put(c.dir() + "/" + ConfigHeader.FILE_NAME, config(c, p, inputs));
            String banner = Banner.c(InstanceHeader.FILE_NAME, "types and storage counts of the mailbox runtime for "
                    + c.purpose() + ".", GENERATOR, COMMAND, inputs);
            files.put(c.dir() + "/" + InstanceHeader.FILE_NAME,
                    InstanceHeader.render(banner, p.profile(), c.runtimeLimits(), c.scope()));
        }
        files.put(FUZZ_PROFILES, fuzzProfiles());
        return files;
    }

    /** Writes the files that differ; returns their paths. */
    public static List<String> write(Path root) {
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, String> e : render(root).entrySet()) {
            Path f = root.resolve(e.getKey());
            byte[] bytes = e.getValue().getBytes(StandardCharsets.US_ASCII);
            try {
                if (!Files.exists(f) || !java.util.Arrays.equals(Files.readAllBytes(f), bytes)) {
                    Files.createDirectories(f.getParent());
                    Files.write(f, bytes);
                    written.add(e.getKey());
                }
            } catch (IOException x) {
                throw new CodegenException(f + ": cannot write: " + x.getMessage(), x);
            }
        }
        return written;
    }

    private static ProfileChoice.Resolved profile(Path root, Config c) {
        Profile builtin = Profile.builtin(c.profile());
        String features = c.features().equals("profile") ? null : c.features();
        if (builtin != null) {
            return ProfileChoice.resolve(c.profile(), features, null);
        }
        Path file = root.resolve(c.profile());
        if (!Files.isRegularFile(file)) {
            throw new CodegenException(file + ": no such profile file (the profile of " + c.dir() + ")");
        }
        Profile p = ProfileChoice.fromFile(file);
        String label = c.profile() + " (" + p.name() + ", sha256 " + Hashes.shortSha256(file) + ")";
        return features == null ? new ProfileChoice.Resolved(p, label, "profile")
                : new ProfileChoice.Resolved(p.withFeatures(p.name(), features.equals("all") ? Features.ALL
                        : Features.MINIMAL), label, features);
    }

    private static String config(Config c, ProfileChoice.Resolved p, List<String> inputs) {
        StringBuilder sb = new StringBuilder();
        sb.append(Banner.c(ConfigHeader.FILE_NAME, "configuration of the mailbox runtime for " + c.purpose() + ".",
                GENERATOR, COMMAND, inputs));
        sb.append("#ifndef HSX_MBX_CONFIG_H\n#define HSX_MBX_CONFIG_H\n\n");
        ConfigHeader.body(sb, p.profile(), p.featureSet(), c.svc() && p.profile().features().svc(), c.runtimeLimits());
        sb.append('\n').append(c.tail());
        sb.append("\n#endif /* HSX_MBX_CONFIG_H */\n");
        return sb.toString();
    }

    /** The built-in profiles as hsx_mbx_limits_t initialisers, for the loader fuzzer over the host library. */
    static String fuzzProfiles() {
        StringBuilder sb = new StringBuilder();
        sb.append(Banner.c("fuzz_profiles.h", "the built-in profiles (org.hsxmbx.model.Profile) as hsx_mbx_limits_t"
                + " initialisers, for the loader fuzzer over the host configuration (run-time limits).",
                GENERATOR, COMMAND, List.of("Field order: max_descriptors, max_tasks, handle_limit_per_pid,"
                        + " default_capacity, arena_bytes,", "tap_rate_limit, event_ring_size, name_pool_bytes,"
                        + " max_taps, task_mailboxes, features, first_seq, event_mask.")));
        sb.append("#ifndef FUZZ_PROFILES_H\n#define FUZZ_PROFILES_H\n\n");
        for (Profile p : Profile.builtins()) {
            String name = "FUZZ_PROFILE_" + p.name().toUpperCase(java.util.Locale.ROOT);
            sb.append(String.format("#define %-21s { %du, %du, %du, %du, %du, %du, %du, %du, %du, %du, 0x%Xu, %du,"
                            + " 0x%Xu }%n", name, p.maxDescriptors(), p.maxTasks(), p.handleLimitPerPid(),
                    p.defaultCapacity(), p.arenaBytes(), p.tapRateLimit(), p.eventRingSize(), p.namePoolBytes(),
                    p.maxTaps(), p.taskMailboxes() ? 1 : 0, p.features().bits(), p.firstSeq(), p.eventMask()));
        }
        sb.append("\n#endif /* FUZZ_PROFILES_H */\n");
        return sb.toString();
    }
}
