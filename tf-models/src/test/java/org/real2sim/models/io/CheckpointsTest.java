package org.real2sim.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.real2sim.models.loss.Losses;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.optim.Adam;
import org.real2sim.models.testing.StandIns;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feeds;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

class CheckpointsTest {

  @TempDir Path tmp;

  /**
   * The least a checkpoint folder needs for these reader tests: {@code ckpt-<step>} written by
   * {@link Checkpoints#write} and a {@code latest} pointer. The trainer's {@code CheckpointFolder}
   * (atomic publication, pruning, best) has its own test.
   */
  private record Folder(Path root, Saver saver) {
    Path save(Session session, long step) throws IOException {
      return save(session, step, d -> {});
    }

    Path save(Session session, long step, Checkpoints.ExtraFiles extra) throws IOException {
      Path dir = root.resolve(String.format("ckpt-%08d", step));
      Files.createDirectories(dir);
      Checkpoints.write(session, saver, dir, step, extra);
      Files.writeString(root.resolve(Checkpoints.LATEST), dir.getFileName() + "\n");
      return dir;
    }

    Optional<Path> restoreLatest(Session session) throws IOException {
      if (!Files.exists(root.resolve(Checkpoints.LATEST))) {
        return Optional.empty();
      }
      Path dir = Checkpoints.resolve(root);
      Checkpoints.restore(session, saver, dir);
      return Optional.of(dir);
    }
  }

  private static final float[] IMAGE = image();

  private static float[] image() {
    float[] x = new float[8 * 8 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(0.37 * i);
    }
    return x;
  }

  /** A stand-in stage-b graph: G_RS and D_S with G's Adam; optionally the expert next to them. */
  private static final class Net {
    final TfGraph g;
    final Operand<TFloat32> x;
    final Operand<TFloat32> y;
    final Adam adam;

    Net(long seed, int expertClasses) {
      g = new TfGraph(seed);
      VarStore vs = g.vars();
      x = g.placeholder(1, 8, 8, 3);
      y = StandIns.generator(g.tf(), vs, "g_rs", x);
      Operand<TFloat32> d = StandIns.discriminator(g.tf(), vs, "d_s", y);
      if (expertClasses > 0) {
        StandIns.expert(g.tf(), vs, y, expertClasses);
      }
      adam =
          Adam.minimize(
              vs,
              Adam.NAME_G,
              Adam.Config.cycleGan(),
              Losses.lsganGenerator(g.tf(), d),
              vs.trainable("g_rs"));
      vs.initialize(g.session());
    }

    /** G_RS, D_S and G's optimiser state. */
    List<VarStore.Var> ganVariables() {
      List<VarStore.Var> out = new ArrayList<>(g.vars().under("g_rs"));
      out.addAll(g.vars().under("d_s"));
      out.addAll(adam.slots());
      return out;
    }

    void train(int steps) {
      for (int i = 0; i < steps; i++) {
        g.run(
            new Feeds().put(x, IMAGE, 1, 8, 8, 3).scalar(adam.learningRate(), 0.01f),
            List.of(),
            adam.trainOp());
      }
    }

    float[] output() {
      return g.eval(new Feeds().put(x, IMAGE, 1, 8, 8, 3), y);
    }

    Map<String, Weights> all() {
      return g.vars().read(g.session(), List.of());
    }
  }

  @Test
  void roundTripRestoresBitIdenticalOutputsAndAdamSlots() throws IOException {
    Path root = tmp.resolve("cyclegan");
    Map<String, Weights> saved;
    float[] out;
    float[] nextStep;
    Net a = new Net(1, 0);
    try (TfGraph ga = a.g) {
      a.train(2);
      new Folder(root, new Saver(ga.vars(), a.ganVariables())).save(ga.session(), 2);
      saved = a.all();
      out = a.output();
      a.train(1);
      nextStep = a.all().get("g_rs/conv/kernel").values();
    }
    Net b = new Net(2, 0);
    try (TfGraph gb = b.g) {
      assertNotEquals(saved.get("g_rs/conv/kernel"), b.all().get("g_rs/conv/kernel"));
      Folder cb = new Folder(root, new Saver(gb.vars(), b.ganVariables()));
      assertEquals(Optional.of(root.resolve("ckpt-00000002")), cb.restoreLatest(gb.session()));
      assertEquals(saved, b.all());
      assertEquals(0.125f, b.all().get("adam_g/beta1_power").values()[0]); // 0.5^3 after 2 steps
      assertArrayEquals(out, b.output());
      // Adam's state came back too: the next step is the same as without the interruption.
      b.train(1);
      assertArrayEquals(nextStep, b.all().get("g_rs/conv/kernel").values());
    }
  }

  @Test
  void checkpointDirectoryHoldsBundleManifestAndExtraFiles() throws IOException {
    Net a = new Net(1, 0);
    try (TfGraph g = a.g) {
      Folder c = new Folder(tmp, new Saver(g.vars(), a.ganVariables()));
      Path dir =
          c.save(
              g.session(),
              7,
              d -> {
                Files.createDirectories(d.resolve("trainer"));
                Files.writeString(d.resolve("trainer/state.txt"), "epoch 7\n");
              });
      assertEquals(tmp.resolve("ckpt-00000007"), dir);
      assertEquals("ckpt-00000007\n", Files.readString(tmp.resolve(Checkpoints.LATEST)));
      CheckpointManifest m = Checkpoints.manifest(tmp);
      assertEquals(7, m.step());
      assertEquals(
          List.of("trainer/state.txt", "variables.data-00000-of-00001", "variables.index"),
          List.copyOf(m.files().keySet()));
      assertEquals(8, m.files().get("trainer/state.txt").size());
      assertEquals(
          new CheckpointManifest.Variable("g_rs/conv/kernel", "float32", new long[] {3, 3, 3, 3}),
          m.variables().get(0));
      assertEquals(
          new CheckpointManifest.Variable("adam_g/beta2_power", "float32", new long[0]),
          m.variable("adam_g/beta2_power"));
      assertEquals(m, CheckpointManifest.read(dir));
      try (Stream<Path> s = Files.list(tmp)) {
        assertEquals(
            List.of("ckpt-00000007", "latest"),
            s.map(p -> p.getFileName().toString()).sorted().toList());
      }
    }
  }

  @Test
  void restoresSubsetIntoGraphWithExtraVariables() throws IOException {
    Path stageB = tmp.resolve("cyclegan");
    Path stageA = tmp.resolve("expert");
    Map<String, Weights> gan;
    Map<String, Weights> expert;
    Net b = new Net(1, 0);
    try (TfGraph g = b.g) {
      b.train(1);
      new Folder(stageB, new Saver(g.vars(), b.ganVariables())).save(g.session(), 1);
      gan = b.all();
    }
    Net a = new Net(5, 3); // stands in for the stage-a graph: only the expert is saved
    try (TfGraph g = a.g) {
      new Folder(stageA, new Saver(g.vars(), g.vars().under("expert"))).save(g.session(), 4);
      expert = g.vars().readUnder(g.session(), "expert");
    }
    Net c = new Net(9, 3); // stage c: G, D and the expert in one graph
    try (TfGraph g = c.g) {
      Map<String, Weights> initial = c.all();
      // G_RS only, from a checkpoint that also holds D_S and the optimiser
      Checkpoints.restore(g.session(), new Saver(g.vars(), g.vars().under("g_rs")), stageB);
      Map<String, Weights> now = c.all();
      assertEquals(gan.get("g_rs/conv/kernel"), now.get("g_rs/conv/kernel"));
      assertEquals(initial.get("d_s/conv/kernel"), now.get("d_s/conv/kernel"));
      assertEquals(initial.get("expert/fc/kernel"), now.get("expert/fc/kernel"));
      // then the rest of the GAN and the expert from their own roots
      Checkpoints.restore(g.session(), new Saver(g.vars(), c.ganVariables()), stageB);
      Checkpoints.restore(g.session(), new Saver(g.vars(), g.vars().under("expert")), stageA);
      now = c.all();
      for (String n : gan.keySet()) {
        assertEquals(gan.get(n), now.get(n), n);
      }
      for (String n : expert.keySet()) {
        assertEquals(expert.get(n), now.get(n), n);
      }
    }
  }

  @Test
  void readReturnsWeightsWithoutTheOriginalGraph() throws IOException {
    Map<String, Weights> all;
    Net a = new Net(3, 2);
    try (TfGraph g = a.g) {
      a.train(1);
      List<VarStore.Var> vars = new ArrayList<>(a.ganVariables());
      vars.addAll(g.vars().under("expert"));
      new Folder(tmp, new Saver(g.vars(), vars)).save(g.session(), 3);
      all = a.all();
    }
    Map<String, Weights> read = Checkpoints.read(tmp);
    assertEquals(all.size(), read.size());
    for (Map.Entry<String, Weights> e : read.entrySet()) {
      assertEquals(all.get(e.getKey()), e.getValue(), e.getKey());
    }
    Map<String, Weights> some = Checkpoints.read(tmp.resolve("ckpt-00000003"), "g_rs", "expert");
    assertEquals(
        List.of(
            "g_rs/conv/kernel",
            "g_rs/conv/bias",
            "expert/conv_1/kernel",
            "expert/conv_1/bias",
            "expert/fc/kernel",
            "expert/fc/bias"),
        List.copyOf(some.keySet()));
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> Checkpoints.read(tmp, "g_sr"));
    assertTrue(e.getMessage().contains("no variables under [g_sr]"), e.getMessage());
    assertTrue(e.getMessage().contains("[g_rs, d_s, adam_g, expert]"), e.getMessage());
  }

  @Test
  void saveReusesItsOpsAndDoesNotGrowTheGraph() throws IOException {
    Net a = new Net(1, 0);
    try (TfGraph g = a.g) {
      Folder c = new Folder(tmp, new Saver(g.vars(), a.ganVariables()));
      c.save(g.session(), 1);
      int ops = countOps(g);
      for (int s = 2; s <= 4; s++) {
        c.save(g.session(), s);
        c.restoreLatest(g.session());
      }
      assertEquals(ops, countOps(g));
    }
  }

  private static int countOps(TfGraph g) {
    int n = 0;
    for (Iterator<?> it = g.graph().operations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  @Test
  void reportsMissingCheckpointVariableAndShapeMismatchByName() throws IOException {
    Path expertRoot = tmp.resolve("expert");
    Net a = new Net(1, 3);
    try (TfGraph g = a.g) {
      new Folder(expertRoot, new Saver(g.vars(), g.vars().under("expert"))).save(g.session(), 1);
    }
    Net b = new Net(1, 5); // the same expert with 5 classes
    try (TfGraph g = b.g) {
      CheckpointException missing =
          assertThrows(
              CheckpointException.class,
              () ->
                  Checkpoints.restore(
                      g.session(), new Saver(g.vars(), b.ganVariables()), tmp.resolve("none")));
      assertTrue(
          missing.getMessage().contains(tmp.resolve("none") + ": it does not exist"),
          missing.getMessage());

      CheckpointException noVar =
          assertThrows(
              CheckpointException.class,
              () ->
                  Checkpoints.restore(
                      g.session(), new Saver(g.vars(), b.ganVariables()), expertRoot));
      assertTrue(
          noVar.getMessage().contains("has no variable g_rs/conv/kernel"), noVar.getMessage());
      assertTrue(noVar.getMessage().contains("under [expert]"), noVar.getMessage());

      CheckpointException shape =
          assertThrows(
              CheckpointException.class,
              () ->
                  Checkpoints.restore(
                      g.session(), new Saver(g.vars(), g.vars().under("expert")), expertRoot));
      assertEquals(
          "Variable expert/fc/kernel has shape [4, 5] in this graph but [4, 3] in checkpoint "
              + expertRoot.resolve("ckpt-00000001"),
          shape.getMessage());
    }
  }

  @Test
  void reportsTruncatedOrCorruptedFilesByName() throws IOException {
    Net a = new Net(1, 0);
    try (TfGraph g = a.g) {
      Saver saver = new Saver(g.vars(), a.ganVariables());
      Path dir = new Folder(tmp, saver).save(g.session(), 1);
      Path data = dir.resolve("variables.data-00000-of-00001");
      byte[] good = Files.readAllBytes(data);

      Files.write(data, Arrays.copyOf(good, good.length / 2));
      CheckpointException truncated =
          assertThrows(
              CheckpointException.class, () -> Checkpoints.restore(g.session(), saver, dir));
      assertEquals(data, truncated.path());
      assertTrue(
          truncated
              .getMessage()
              .contains("has " + good.length / 2 + " bytes, the manifest expects " + good.length),
          truncated.getMessage());
      assertThrows(CheckpointException.class, () -> Checkpoints.read(dir));

      byte[] flipped = good.clone();
      flipped[good.length / 3] ^= 0x40;
      Files.write(data, flipped);
      CheckpointException corrupted =
          assertThrows(CheckpointException.class, () -> Checkpoints.read(dir));
      assertTrue(
          corrupted.getMessage().startsWith("Checkpoint file " + data + " is corrupted"),
          corrupted.getMessage());

      Files.write(data, good);
      Files.delete(dir.resolve("variables.index"));
      CheckpointException gone =
          assertThrows(
              CheckpointException.class, () -> Checkpoints.restore(g.session(), saver, dir));
      assertTrue(gone.getMessage().contains("variables.index is missing"), gone.getMessage());
    }
  }

  @Test
  void wrapsTensorFlowErrorsWithTheBundlePath() throws IOException {
    Net a = new Net(1, 0);
    try (TfGraph g = a.g) {
      Path dir = new Folder(tmp, new Saver(g.vars(), g.vars().under("g_rs"))).save(g.session(), 1);
      // A manifest that promises a tensor the bundle does not have: only TensorFlow can tell.
      Files.writeString(
          dir.resolve(CheckpointManifest.FILE_NAME),
          "var float32 [2] ghost/w\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(dir));
      assertTrue(
          e.getMessage().startsWith("Could not read 3 tensors from " + dir.resolve("variables")),
          e.getMessage());
      assertTrue(e.getMessage().contains("ghost/w"), e.getMessage());
    }
  }

  @Test
  void reportsDanglingOrMalformedPointers() throws IOException {
    Files.writeString(tmp.resolve(Checkpoints.LATEST), "ckpt-00000099\n");
    CheckpointException dangling =
        assertThrows(CheckpointException.class, () -> Checkpoints.resolve(tmp));
    assertTrue(
        dangling.getMessage().contains("names ckpt-00000099, which is not a checkpoint"),
        dangling.getMessage());
    Files.writeString(tmp.resolve(Checkpoints.LATEST), "../../etc\n");
    CheckpointException malformed =
        assertThrows(CheckpointException.class, () -> Checkpoints.resolve(tmp));
    assertTrue(malformed.getMessage().contains("found '../../etc'"), malformed.getMessage());
  }
}
