package dev.jrunc.runtime.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** plan.def is the one definition of the protocol: the Java constants must say exactly what it says. */
class PlanDefinitionTest {
  private static final Path DEF = Path.of("../front/src/plan.def");

  private static Map<String, String> entries(String kind) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    Matcher x = Pattern.compile("^" + kind + "\\((\\w+),\\s*(\\d+)(?:,\\s*\"(\\w*)\")?\\)", Pattern.MULTILINE)
        .matcher(Files.readString(DEF));
    while (x.find()) m.put(x.group(1), x.group(2) + (x.group(3) == null ? "" : ":" + x.group(3)));
    return m;
  }

  @Test
  void opCodesMatchPlanDef() throws IOException {
    Map<String, String> java = new LinkedHashMap<>();
    for (OpCode op : OpCode.values()) java.put(op.name(), op.code() + ":" + op.signature());
    assertEquals(entries("OP"), java);
  }

  @Test
  void sectionsMatchPlanDef() throws IOException {
    Map<String, String> java = new LinkedHashMap<>();
    for (Section s : Section.values()) java.put(s.name(), Integer.toString(s.code()));
    assertEquals(entries("SECTION"), java);
  }

  @Test
  void flagsMatchPlanDef() throws Exception {
    Map<String, String> java = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : entries("FLAG").entrySet()) {
      long v = Flags.class.getField(e.getKey()).getLong(null);
      java.put(e.getKey(), Integer.toString(Long.numberOfTrailingZeros(v)));
    }
    assertEquals(entries("FLAG"), java);
  }

  @Test
  void recordTypesMatchPlanDef() throws IOException {
    Map<String, String> def = entries("RECORD");
    assertEquals(String.valueOf(PlanEncoder.HELLO), def.get("HELLO"));
    assertEquals(String.valueOf(PlanEncoder.SECTION), def.get("SECTION"));
    assertEquals(String.valueOf(PlanEncoder.END), def.get("END"));
    assertEquals(String.valueOf(PlanEncoder.ARG_STR), def.get("ARG_STR"));
    assertEquals(String.valueOf(PlanEncoder.ARG_U64), def.get("ARG_U64"));
    assertEquals(String.valueOf(PlanEncoder.ARG_BYTES), def.get("ARG_BYTES"));
    assertEquals(String.valueOf(PlanEncoder.ARG_STRV), def.get("ARG_STRV"));
  }
}
