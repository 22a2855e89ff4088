package org.real2sim.tools.sweep;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepResultsTest {

  @TempDir Path dir;

  private static SweepPoint alpha(double a, double v, String stage) {
    return new SweepPoint("alpha", a, 0.05, 148, "ours", "miou", v, 3, stage);
  }

  private static SweepPoint labeled(String method, double f, int n, double v, String stage) {
    return new SweepPoint(
        "labeled", method.equals("M3") ? Double.NaN : 0.9, f, n, method, "miou", v, 2, stage);
  }

  private static SweepResults sample() {
    return new SweepResults(
        List.of(
            labeled("M3", 0.05, 148, 0.27, "supervised"),
            alpha(0.9, 0.3475, "taskaware"),
            labeled("ours", 0.01, 29, 0.2809, "sweep/labeled-0.010/taskaware"),
            alpha(0.0, 0.2134, "m1-continued"),
            labeled("ours", 0.05, 148, 0.3475, "taskaware")),
        List.of(new SweepSkip("labeled", 0.001, "sweep/labeled-0.001", "selects none")));
  }

  @Test
  void pointsAreOrderedAlphaFirstThenByAmountOursBeforeM3() {
    List<String> stages = sample().points().stream().map(SweepPoint::stage).toList();
    assertEquals(
        List.of(
            "m1-continued",
            "taskaware",
            "sweep/labeled-0.010/taskaware",
            "taskaware",
            "supervised"),
        stages);
  }

  @Test
  void csvAndJsonHoldTheSamePoints() throws Exception {
    SweepResults r = sample();
    r.write(dir);
    List<String> csv = Files.readAllLines(dir.resolve(SweepResults.CSV));
    JsonNode json = new ObjectMapper().readTree(dir.resolve(SweepResults.JSON).toFile());
    assertEquals("kind,alpha,fraction,count,method,metric,value,best_epoch,stage", csv.get(0));
    assertEquals(json.get("points").size(), csv.size() - 1);
    for (int i = 0; i < json.get("points").size(); i++) {
      String[] c = csv.get(i + 1).split(",", -1);
      JsonNode p = json.get("points").get(i);
      assertEquals(p.get("kind").asText(), c[0]);
      if (p.get("alpha").isNull()) {
        assertEquals("", c[1]);
      } else {
        assertEquals(p.get("alpha").asDouble(), Double.parseDouble(c[1]), 0);
      }
      assertEquals(p.get("fraction").asDouble(), Double.parseDouble(c[2]), 0);
      assertEquals(p.get("count").asInt(), Integer.parseInt(c[3]));
      assertEquals(p.get("method").asText(), c[4]);
      assertEquals(p.get("metric").asText(), c[5]);
      assertEquals(p.get("value").asDouble(), Double.parseDouble(c[6]), 0);
      assertEquals(p.get("bestEpoch").asInt(), Integer.parseInt(c[7]));
      assertEquals(p.get("stage").asText(), c[8]);
    }
    assertEquals("labeled,,0.05,148,M3,miou,0.27,2,supervised", csv.get(5));
    assertEquals("selects none", json.get("skipped").get(0).get("reason").asText());
  }

  @Test
  void readJsonRestoresWhatWriteWrote() throws Exception {
    SweepResults r = sample();
    r.write(dir);
    SweepResults back = SweepResults.readJson(dir.resolve(SweepResults.JSON));
    assertEquals(r.points(), back.points());
    assertEquals(r.skipped(), back.skipped());
    assertTrue(Double.isNaN(back.points(SweepPoint.LABELED, SweepPoint.M3).get(0).alpha()));
  }

  @Test
  void aNewPointReplacesTheOneWithTheSameKeyAndClearsItsSkip() {
    SweepResults r =
        sample()
            .with(new SweepSkip("labeled", 0.02, "sweep/labeled-0.020/taskaware", "failed: NaN"))
            .with(
                new SweepSkip("labeled", 0.02, "sweep/labeled-0.020/supervised", "failed: 1 image"))
            .with(labeled("ours", 0.02, 59, 0.31, "sweep/labeled-0.020/taskaware"))
            .with(alpha(0.9, 0.35, "taskaware"));
    assertEquals(6, r.points().size());
    assertEquals(0.35, r.points(SweepPoint.ALPHA, SweepPoint.OURS).get(1).value());
    assertEquals(
        List.of(
            "labeled/0.001/sweep/labeled-0.001", "labeled/0.020/sweep/labeled-0.020/supervised"),
        r.skipped().stream().map(SweepSkip::key).toList(),
        "the M3 failure at 0.02 stays until M3 there finishes");
    r = r.with(new SweepSkip("labeled", 0.02, "sweep/labeled-0.020/supervised", "failed again"));
    assertEquals("failed again", r.skipped().get(1).reason(), "a skip replaces its earlier self");
    r = r.with(labeled("M3", 0.001, 3, 0.01, "sweep/labeled-0.001/supervised"));
    assertEquals(
        List.of("labeled/0.020/sweep/labeled-0.020/supervised"),
        r.skipped().stream().map(SweepSkip::key).toList(),
        "a point inside a skipped amount's folder settles that skip");
  }

  @Test
  void tableShowsValuesInPercentAndTheSkips() {
    String t = sample().table();
    assertTrue(t.contains("34.75%"), t);
    assertTrue(t.contains("21.34%"), t);
    assertTrue(t.contains("skipped sweep/labeled-0.001: selects none"), t);
  }

  @Test
  void aMalformedFileIsNamedWithTheEntry() throws Exception {
    Path f = dir.resolve("sweep.json");
    Files.writeString(f, "{\"points\": [{\"kind\": \"alpha\", \"method\": \"ours\"}]}");
    var e = assertThrows(java.io.IOException.class, () -> SweepResults.readJson(f));
    assertEquals(f + ": points[0] has no 'metric'", e.getMessage());
    Files.writeString(f, "[1, 2]");
    e = assertThrows(java.io.IOException.class, () -> SweepResults.readJson(f));
    assertTrue(e.getMessage().contains("has no 'points' array"), e.getMessage());
  }
}
