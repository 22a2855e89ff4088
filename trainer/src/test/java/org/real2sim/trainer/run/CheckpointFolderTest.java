package org.real2sim.trainer.run;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.io.CheckpointException;
import org.real2sim.models.io.Checkpoints;
import org.real2sim.models.io.Saver;
import org.real2sim.models.nn.Init;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/** The checkpoint policy of a stage folder: publication, pointers, leftovers, pruning. */
class CheckpointFolderTest {

  @TempDir Path tmp;

  /** One variable {@code net/w} in its own graph and session. */
  private static final class Net implements AutoCloseable {
    final Graph graph = new Graph();
    final VarStore vars = new VarStore(graph, 7);
    final Session session;

    Net() {
      vars.variable("net/w", new long[] {2, 3}, new Init.Normal(0, 1), true);
      session = new Session(graph);
      vars.initialize(session);
    }

    Saver saver() {
      return new Saver(vars, vars.under("net"));
    }

    Map<String, Weights> weights() {
      return vars.readUnder(session, "net");
    }

    void set(float v) {
      float[] values = new float[6];
      java.util.Arrays.fill(values, v);
      vars.assign(session, Map.of("net/w", new Weights(new long[] {2, 3}, values)));
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }

  @Test
  void savePublishesTheCheckpointAndPointsLatestAtIt() throws IOException {
    try (Net n = new Net()) {
      CheckpointFolder c = new CheckpointFolder(tmp, n.saver());
      Path dir = c.save(n.session, 7, d -> Files.writeString(d.resolve("state.json"), "{}"));
      assertEquals(tmp.resolve("ckpt-00000007"), dir);
      assertEquals("ckpt-00000007\n", Files.readString(tmp.resolve(CheckpointFolder.LATEST)));
      assertEquals(Optional.of(dir), c.latest());
      assertEquals(Optional.empty(), c.best());
      assertEquals(7, Checkpoints.step(tmp));
      assertTrue(Files.exists(dir.resolve("state.json")));
      try (Stream<Path> s = Files.list(tmp)) {
        assertEquals(
            List.of("ckpt-00000007", "latest"),
            s.map(p -> p.getFileName().toString()).sorted().toList());
      }
    }
  }

  @Test
  void interruptedSaveLeavesPreviousCheckpointLoadable() throws IOException {
    try (Net n = new Net()) {
      CheckpointFolder c = new CheckpointFolder(tmp, n.saver());
      c.save(n.session, 1);
      Map<String, Weights> first = n.weights();
      n.set(3f);
      IOException crash =
          assertThrows(
              IOException.class,
              () ->
                  c.save(
                      n.session,
                      2,
                      d -> {
                        assertTrue(Files.size(d.resolve("variables.index")) > 0);
                        throw new IOException("simulated crash after the data was written");
                      }));
      assertEquals("simulated crash after the data was written", crash.getMessage());
      assertEquals(Optional.of(tmp.resolve("ckpt-00000001")), c.latest());
      assertFalse(Files.exists(tmp.resolve("ckpt-00000002")));
      try (Stream<Path> s = Files.list(tmp)) {
        assertEquals(2, s.count(), "only ckpt-00000001 and latest remain");
      }
      c.restoreLatest(n.session);
      assertEquals(first, n.weights());
    }
  }

  @Test
  void leftoversOfAKilledSaveAreIgnoredAndRemovedByTheNextSave() throws IOException {
    try (Net n = new Net()) {
      CheckpointFolder c = new CheckpointFolder(tmp, n.saver());
      c.save(n.session, 1);
      Path torn = Files.createDirectory(tmp.resolve(".ckpt-00000002.tmp-killed"));
      Files.write(torn.resolve("variables.index"), new byte[] {1, 2, 3});
      Files.writeString(tmp.resolve(".latest.tmp-killed"), "ckpt-0000");
      assertEquals(List.of(tmp.resolve("ckpt-00000001")), c.list());
      assertEquals(tmp.resolve("ckpt-00000001"), Checkpoints.resolve(tmp));
      c.save(n.session, 2);
      assertFalse(Files.exists(torn));
      assertFalse(Files.exists(tmp.resolve(".latest.tmp-killed")));
      assertEquals(2, c.list().size());
    }
  }

  @Test
  void pruneKeepsNewestPointedToAndEveryNth() throws IOException {
    try (Net n = new Net()) {
      CheckpointFolder c = new CheckpointFolder(tmp, n.saver());
      for (int s = 1; s <= 7; s++) {
        c.save(n.session, s);
      }
      c.markBest(tmp.resolve("ckpt-00000002"));
      List<Path> deleted = c.prune(2, 3);
      assertEquals(
          List.of(
              tmp.resolve("ckpt-00000001"),
              tmp.resolve("ckpt-00000004"),
              tmp.resolve("ckpt-00000005")),
          deleted);
      assertEquals(
          List.of(
              tmp.resolve("ckpt-00000002"),
              tmp.resolve("ckpt-00000003"),
              tmp.resolve("ckpt-00000006"),
              tmp.resolve("ckpt-00000007")),
          c.list());
      assertEquals(Optional.of(tmp.resolve("ckpt-00000002")), c.best());
      assertEquals(tmp.resolve("ckpt-00000002"), CheckpointFolder.resolve(tmp, "best"));
      assertEquals(Optional.of(tmp.resolve("ckpt-00000007")), c.latest());
    }
  }

  @Test
  void savingAnExistingStepReplacesIt() throws IOException {
    try (Net n = new Net()) {
      CheckpointFolder c = new CheckpointFolder(tmp, n.saver());
      c.save(n.session, 5);
      n.set(2f);
      c.save(n.session, 5);
      assertEquals(n.weights().get("net/w"), Checkpoints.read(tmp, "net").get("net/w"));
      assertEquals(1, c.list().size());
    }
  }

  @Test
  void refusesPointersOutsideTheFolderAndReportsAMissingOne() throws IOException {
    try (Net n = new Net()) {
      CheckpointFolder c = new CheckpointFolder(tmp.resolve("a"), n.saver());
      Path other = new CheckpointFolder(tmp.resolve("b"), n.saver()).save(n.session, 1);
      assertThrows(CheckpointException.class, () -> c.markBest(other));
      assertThrows(IllegalArgumentException.class, () -> c.pointer("../x"));
    }
    CheckpointException noBest =
        assertThrows(
            CheckpointException.class, () -> CheckpointFolder.resolve(tmp, CheckpointFolder.BEST));
    assertTrue(noBest.getMessage().contains("No 'best' checkpoint"), noBest.getMessage());
  }
}
