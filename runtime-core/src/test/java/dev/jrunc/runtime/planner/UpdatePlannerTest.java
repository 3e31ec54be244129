package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrunc.spec.Resources;
import org.junit.jupiter.api.Test;

class UpdatePlannerTest {
  private static Resources res(String json) throws Exception {
    return dev.jrunc.spec.Json.mapper().readValue(json.replace('\'', '"'), Resources.class);
  }

  @Test
  void onlyWhatRuncUpdatesIsApplied() throws Exception {
    Resources r = UpdatePlanner.applicable(res("{'memory':{'limit':1,'kernel':5,'swappiness':3},'devices':[{'allow':true}],"
        + "'hugepageLimits':[{'pageSize':'2MB','limit':1}],'blockIO':{'weight':100,'leafWeight':10},'cpu':{'shares':2,'idle':1}}"), null);
    assertEquals(1L, r.memory().limit());
    assertNull(r.memory().kernel());
    assertNull(r.memory().swappiness());
    assertNull(r.devices());
    assertNull(r.hugepageLimits());
    assertEquals(100, r.blockIO().weight());
    assertNull(r.blockIO().leafWeight());
    assertNull(r.cpu().idle());
  }

  @Test
  void aPeriodAloneKeepsTheSavedQuota() throws Exception {
    Resources r = UpdatePlanner.applicable(res("{'cpu':{'period':50000}}"), res("{'cpu':{'quota':20000,'period':100000}}"));
    assertEquals(20000L, r.cpu().quota());
    assertEquals(50000L, r.cpu().period());
  }

  @Test
  void theSavedConfigGetsTheNonZeroValues() throws Exception {
    JsonNode config = new ObjectMapper().readTree("{\"linux\":{\"resources\":{\"memory\":{\"limit\":100,\"swap\":200},\"pids\":{\"limit\":5}}}}");
    JsonNode merged = UpdatePlanner.merged(config, res("{'memory':{'limit':300,'swap':0},'pids':{'limit':0},'cpu':{'shares':512}}"));
    assertEquals("{\"memory\":{\"limit\":300,\"swap\":200},\"pids\":{\"limit\":5},\"cpu\":{\"shares\":512}}",
        merged.at("/linux/resources").toString());
    assertEquals(100, config.at("/linux/resources/memory/limit").asLong(), "the original is not modified");
  }
}
