package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.runtime.plan.Op;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.runtime.plan.Section;
import dev.jrunc.spec.IdMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdMapPlannerTest {
  private static List<String> labels(Plan p) {
    return p.ops(Section.ATTACH).stream().map(Op::label).toList();
  }

  @Test
  void rootWritesTheMapsWithSetgroupsAllowed() {
    Plan p = new Plan();
    List<IdMapping> m = List.of(new IdMapping(0L, 100000L, 65536L));
    assertFalse(IdMapPlanner.plan(p, m, m, new CallerIds(0, 0)));
    assertEquals(List.of("write uid_map", "write gid_map"), labels(p));
  }

  @Test
  void aUserMappingItsOwnIdsDeniesSetgroupsFirst() {
    Plan p = new Plan();
    assertTrue(IdMapPlanner.plan(p, List.of(new IdMapping(0L, 1000L, 1L)), List.of(new IdMapping(0L, 1001L, 1L)), new CallerIds(1000, 1001)));
    assertEquals(List.of("deny setgroups", "write uid_map", "write gid_map"), labels(p));
  }

  @Test
  void ownIdsOnly() {
    assertTrue(IdMapPlanner.onlyId(List.of(new IdMapping(0L, 7L, 1L)), 7));
    assertFalse(IdMapPlanner.onlyId(List.of(new IdMapping(0L, 7L, 2L)), 7));
    assertFalse(IdMapPlanner.onlyId(List.of(new IdMapping(0L, 7L, 1L), new IdMapping(1L, 100000L, 10L)), 7));
  }
}
