package org.hsxmbx.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** verify --json, verify --junit and fuzz --json: one parseable document each, agreeing with the exit code. */
class MachineOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSING = "{\"name\": \"opens\", \"steps\": ["
            + "{\"op\": \"open\", \"pid\": 0, \"target\": \"app:x\", \"expect\": {\"status\": \"OK\", \"handle\": 1}}]}";
    private static final String FAILING = "{\"name\": \"wrong <handle> & more\", \"steps\": ["
            + "{\"op\": \"open\", \"pid\": 0, \"target\": \"app:x\", \"expect\": {\"handle\": 2}}]}";
    private static final String BAD = "{\"steps\": [{\"op\": \"open\", \"pid\": 0, \"target\": \"app:x\", \"flags\": \"SIDEWAYS\"}]}";

    @TempDir
    Path tmp;

    private Path vectors() throws Exception {
        Path d = tmp.resolve("v");
        Files.createDirectories(d);
        Files.writeString(d.resolve("a.json"), PASSING);
        Files.writeString(d.resolve("b.json"), FAILING);
        return d;
    }

    @Test
    void verifyJsonIsOneDocumentWithEveryVectorAndTheBackendOfEachFailure() throws Exception {
        Path d = vectors();
        CliRun r = CliRun.of("verify", "--json", "--backend", "java,c", d.toString());
        assertEquals(1, r.code(), r.all());
        JsonNode doc = JSON.readTree(r.out()); // the whole of stdout is the document
        assertEquals("hsxmbx.verify/1", doc.get("schema").asText());
        assertEquals("[\"java\",\"c\"]", doc.get("backends").toString());
        assertEquals("java", doc.get("reference").asText());
        assertEquals(2, doc.get("vectors").size());
        JsonNode a = doc.get("vectors").get(0);
        assertEquals(d.resolve("a.json").toString(), a.get("file").asText());
        assertEquals("opens", a.get("name").asText());
        assertTrue(a.get("passed").asBoolean());
        assertEquals(0, a.get("failures").size());
        JsonNode b = doc.get("vectors").get(1);
        assertFalse(b.get("passed").asBoolean());
        assertEquals("{\"backend\":\"java\",\"message\":\"step 1 (open): handle: expected 2, got 1\"}",
                b.get("failures").get(0).toString());
        assertEquals("{\"passed\":1,\"failed\":1,\"errors\":0,\"not_admitted\":0}", doc.get("summary").toString());
        assertEquals(1, doc.get("per_backend").get(0).get("vectors_failed").asInt());
        assertEquals("c", doc.get("per_backend").get(1).get("name").asText());
        assertEquals(0, doc.get("per_backend").get(1).get("vectors_failed").asInt(), "c agreed with java");
        assertEquals(1, doc.get("exit").asInt());
    }

    @Test
    void verifyJsonListsUnusableInputAndExitsTwo() throws Exception {
        Path d = vectors();
        Files.writeString(d.resolve("c.json"), BAD);
        CliRun r = CliRun.of("verify", "--json", "--backend", "java", d.toString(), tmp.resolve("nope").toString());
        assertEquals(2, r.code(), r.all());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(2, doc.get("errors").size());
        assertEquals(d.resolve("c.json").toString(), doc.get("errors").get(0).get("file").asText());
        assertTrue(doc.get("errors").get(0).get("message").asText().startsWith("step 1: field 'flags': unknown name"),
                doc.toString());
        assertEquals("no such file or directory", doc.get("errors").get(1).get("message").asText());
        assertEquals(2, doc.get("exit").asInt());
        CliRun bad = CliRun.of("verify", "--json", "--backend", "z80", d.toString());
        assertEquals(2, bad.code());
        JsonNode e = JSON.readTree(bad.out());
        assertEquals("hsxmbx.verify/1", e.get("schema").asText());
        assertTrue(e.get("error").asText().contains("unknown backend 'z80'"), e.toString());
    }

    @Test
    void verifyJunitWritesOneTestcasePerVector() throws Exception {
        Path d = vectors();
        Files.writeString(d.resolve("c.json"), BAD);
        Path xml = tmp.resolve("junit.xml");
        CliRun r = CliRun.of("verify", "--junit", xml.toString(), "--backend", "java", d.toString());
        assertEquals(2, r.code(), r.all());
        assertTrue(r.out().contains("1 passed, 1 failed"), "the text output is unchanged: " + r.out());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(3, cases.getLength());
        Element pass = (Element) cases.item(0);
        assertEquals("opens", pass.getAttribute("name"));
        assertEquals(0, pass.getChildNodes().getLength());
        Element fail = (Element) cases.item(1);
        assertEquals("wrong <handle> & more", fail.getAttribute("name"), "escaped and read back");
        Element f = (Element) fail.getElementsByTagName("failure").item(0);
        assertEquals("step 1 (open): handle: expected 2, got 1", f.getAttribute("message"));
        assertEquals("[java] step 1 (open): handle: expected 2, got 1\n", f.getTextContent());
        Element err = (Element) ((Element) cases.item(2)).getElementsByTagName("error").item(0);
        assertTrue(err.getAttribute("message").startsWith("step 1: field 'flags'"), err.getAttribute("message"));
        CliRun missing = CliRun.of("verify", "--junit", tmp.resolve("no/j.xml").toString(), d.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("verify: --junit " + tmp.resolve("no/j.xml") + ": directory '"
                + tmp.resolve("no") + "' does not exist (create it first)"), missing.err());
    }

    @Test
    void fuzzJsonWithoutADifference() throws Exception {
        CliRun r = CliRun.of("fuzz", "--json", "--backend", "java,c", "--seed", "7", "--ops", "3000");
        assertEquals(0, r.code(), r.all());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals("hsxmbx.fuzz/1", doc.get("schema").asText());
        assertEquals("[\"java\",\"c\"]", doc.get("backends").toString());
        assertEquals("embedded", doc.get("profile").asText());
        assertEquals(7, doc.get("seed").asLong());
        assertEquals(3000, doc.get("ops_requested").asLong());
        assertEquals(3000, doc.get("ops_run").asLong());
        assertFalse(doc.get("diverged").asBoolean());
        assertTrue(doc.get("reproducer").isNull());
        assertEquals(0, doc.get("exit").asInt());
        assertEquals("", r.err(), "nothing else is printed");
        CliRun bad = CliRun.of("fuzz", "--json", "--ops", "0");
        assertEquals(2, bad.code());
        assertEquals("fuzz: --ops must be positive", JSON.readTree(bad.out()).get("error").asText());
    }
}
