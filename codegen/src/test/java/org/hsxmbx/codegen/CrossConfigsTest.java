package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written configs that ctest's cross-compile checks and tools/size-report.sh use
 * (firmware-c/test/cross/{full,minimal}) must say exactly what the generator says for the
 * embedded profile, so profile sizes are not typed twice without a check.
 */
class CrossConfigsTest {
    private static final Pattern CFG = Pattern.compile("(?m)^#define\\s+(HSX_MBX_CFG_\\w+)\\s+(\\d+)");

    @ParameterizedTest
    @ValueSource(strings = {"all", "minimal"})
    void crossConfigMatchesTheGeneratedEmbeddedConfig(String features) throws IOException {
        String dir = features.equals("all") ? "full" : "minimal";
        String handWritten = Files.readString(Repo.root().resolve("firmware-c/test/cross/" + dir + "/hsx_mbx_config.h"));
        String generated = ConfigHeader.render(GeneratorTest.spec("atmega1284p", "embedded", features, MailboxSource.NONE));
        assertEquals(defines(generated), defines(handWritten), "firmware-c/test/cross/" + dir
                + "/hsx_mbx_config.h differs from ./hsxmbx generate --profile embedded --features " + features);
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
