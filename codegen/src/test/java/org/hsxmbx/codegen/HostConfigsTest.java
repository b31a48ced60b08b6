package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed host, test, cross and fuzz configurations are what {@link HostConfigs} writes
 * from their profiles: a profile or generator change that is not regenerated fails here.
 */
class HostConfigsTest {
    private static final Pattern CFG = Pattern.compile("(?m)^#define\\s+(HSX_MBX_CFG_\\w+)\\s+(\\d+)");

    @TempDir
    Path tmp;

    @Test
    void committedConfigsAreUpToDate() throws IOException {
        Map<String, String> generated = HostConfigs.render(Repo.root());
        assertEquals(HostConfigs.CONFIGS.size() * 2 + 1, generated.size(), generated.keySet().toString());
        for (Map.Entry<String, String> e : generated.entrySet()) {
            Path f = Repo.root().resolve(e.getKey());
            assertTrue(Files.exists(f), e.getKey() + " is missing: run ./hsxmbx configs");
            assertEquals(e.getValue(), Files.readString(f), e.getKey() + " is stale: run ./hsxmbx configs");
        }
    }

    @Test
    void writeTouchesOnlyWhatDiffers() throws IOException {
        Path root = tmp.resolve("checkout");
        for (HostConfigs.Config c : HostConfigs.CONFIGS) {
            Files.createDirectories(root.resolve(c.dir()));
            Path profile = Repo.root().resolve(c.profile());
            if (Files.isRegularFile(profile)) {
                Files.copy(profile, root.resolve(c.profile()));
            }
        }
        assertEquals(HostConfigs.render(root).keySet().stream().toList(), HostConfigs.write(root));
        assertEquals(java.util.List.of(), HostConfigs.write(root));
    }

    /** The template's example values are the embedded profile: its check compiles with cross/full's instance. */
    @Test
    void templateValuesAreTheEmbeddedProfile() throws IOException {
        String template = Files.readString(Repo.root().resolve("firmware-c/include/hsx_mbx_config_template.h"));
        String full = Files.readString(Repo.root().resolve("firmware-c/test/cross/full/hsx_mbx_config.h"));
        Map<String, String> generated = defines(full);
        generated.remove("HSX_MBX_CFG_EVENT_MASK"); // the template spells it HSX_MBX_EVMASK_ALL
        assertEquals(generated, defines(template), "hsx_mbx_config_template.h's numbers differ from the"
                + " embedded profile (firmware-c/test/cross/full), whose hsx_mbx_instance.h its check compiles with");
    }

    @Test
    void hostLibraryKeepsWideTypesAndRunTimeLimits() {
        String host = HostConfigs.render(Repo.root()).get("firmware-c/config/host/" + InstanceHeader.FILE_NAME);
        assertTrue(host.contains("typedef uint16_t hsx_mbx_did_t;"), host);
        assertTrue(host.contains("typedef uint32_t hsx_mbx_aoff_t;"), host);
        assertTrue(host.contains("typedef uint32_t hsx_mbx_stamp_t;"), host);
        assertTrue(host.contains("typedef uint16_t hsx_mbx_wcount_t;"), host);
    }

    private static Map<String, String> defines(String header) {
        Map<String, String> m = new TreeMap<>();
        Matcher x = CFG.matcher(header);
        while (x.find()) {
            m.put(x.group(1), x.group(2));
        }
        return m;
    }
}
