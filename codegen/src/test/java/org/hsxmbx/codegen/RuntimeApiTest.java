package org.hsxmbx.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The firmware keeps exactly the functions hsx_mbx.h declares (the measured runtime is the whole API). */
class RuntimeApiTest {
    @Test
    void apiListMatchesTheHeader() throws IOException {
        String h = Files.readString(Repo.root().resolve("firmware-c/include/hsx_mbx.h"));
        Matcher m = Pattern.compile("(?m)^[a-z_0-9]+(?:\\s+\\*?|\\s*\\*\\s*)(hsx_mbx_[a-z_0-9]+)\\(").matcher(h);
        Set<String> declared = new TreeSet<>();
        while (m.find()) {
            declared.add(m.group(1));
        }
        assertEquals(declared, new TreeSet<>(CMakeListsWriter.RUNTIME_API));
    }
}
