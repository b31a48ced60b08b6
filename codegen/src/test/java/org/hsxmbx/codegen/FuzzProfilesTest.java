package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hsxmbx.model.Profile;
import org.junit.jupiter.api.Test;

/**
 * The loader fuzzer's profiles (firmware-c/fuzz/fuzz_profiles.h, hsx_mbx_limits_t initialisers)
 * must be the model's built-in profiles, so the host configuration is fuzzed with the profiles
 * the model defines, not with numbers typed a second time without a check.
 */
class FuzzProfilesTest {
    private static final Pattern INIT = Pattern.compile("(?m)^#define\\s+FUZZ_PROFILE_(\\w+)\\s+\\{([^}]*)\\}");

    @Test
    void fuzzProfilesAreTheBuiltInProfiles() throws IOException {
        String header = Files.readString(Repo.root().resolve("firmware-c/fuzz/fuzz_profiles.h"));
        Matcher m = INIT.matcher(header);
        int found = 0;
        while (m.find()) {
            Profile p = Profile.builtin(m.group(1).toLowerCase(java.util.Locale.ROOT));
            assertTrue(p != null, "fuzz_profiles.h: FUZZ_PROFILE_" + m.group(1) + " is no built-in profile");
            List<Long> c = Arrays.stream(m.group(2).split(","))
                    .map(s -> Long.decode(s.trim().replaceAll("[uU]$", "")))
                    .toList();
            List<Long> model = List.of((long) p.maxDescriptors(), (long) p.maxTasks(), (long) p.handleLimitPerPid(),
                    (long) p.defaultCapacity(), (long) p.arenaBytes(), (long) p.tapRateLimit(),
                    (long) p.eventRingSize(), (long) p.namePoolBytes(), (long) p.maxTaps(),
                    p.taskMailboxes() ? 1L : 0L, (long) p.features().bits(), p.firstSeq(), (long) p.eventMask());
            assertEquals(model, c, "firmware-c/fuzz/fuzz_profiles.h FUZZ_PROFILE_" + m.group(1)
                    + " differs from org.hsxmbx.model.Profile." + m.group(1)
                    + " (hsx_mbx_limits_t field order)");
            found++;
        }
        assertEquals(Profile.builtins().size(), found, "fuzz_profiles.h must define every built-in profile");
    }
}
