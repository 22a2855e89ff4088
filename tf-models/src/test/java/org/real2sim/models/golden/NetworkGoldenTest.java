package org.real2sim.models.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.real2sim.models.Names;
import org.real2sim.models.cyclegan.PatchDiscriminator;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.expert.InputAdapter;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.nn.VarStore;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.resnet.Stem;
import org.real2sim.models.testing.TfGraph;
import org.real2sim.models.testing.TfGraph.Feed;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The weight-name and numerics contract of every network, frozen from the code as it was before the
 * networks were described by specs (issue 14): for a few tiny configurations, every variable (name,
 * shape, trainable) in creation order, the graph's operations (count and a hash of their names and
 * types in creation order), and the bits of a seeded forward pass and of the gradient of {@code
 * sum(y²)} with respect to every trainable variable.
 *
 * <p>The expected text is {@code golden/networks.txt}; run with {@code -Dgolden.write=<file>} to
 * write the text the code produces now (only when a change of contract is intended).
 */
class NetworkGoldenTest {

  private static final long SEED = 14;

  /** One network application on one input. */
  private record Case(
      String name,
      long[] input,
      BiFunction<Ops, VarStore, java.util.function.Function<Operand<TFloat32>, Operand<TFloat32>>>
          build) {}

  private static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(
        new Case(
            "generator ngf4 blocks2 batch2 16x16",
            new long[] {2, 16, 16, 3},
            (tf, v) ->
                x ->
                    new ResnetGenerator(new ResnetGenerator.Config(4, 2, 3, 3), Names.G_RS, v)
                        .call(tf, x)));
    c.add(
        new Case(
            "generator ngf2 blocks1 in1 out2 batch1 12x8",
            new long[] {1, 12, 8, 1},
            (tf, v) ->
                x ->
                    new ResnetGenerator(new ResnetGenerator.Config(2, 1, 1, 2), Names.G_SR, v)
                        .call(tf, x)));
    c.add(
        new Case(
            "discriminator ndf4 layers2 batch2 32x32",
            new long[] {2, 32, 32, 3},
            (tf, v) ->
                x ->
                    new PatchDiscriminator(new PatchDiscriminator.Config(4, 2, 3), Names.D_S, v)
                        .call(tf, x)));
    c.add(
        new Case(
            "discriminator ndf2 layers4 batch1 64x72",
            new long[] {1, 64, 72, 3},
            (tf, v) ->
                x ->
                    new PatchDiscriminator(new PatchDiscriminator.Config(2, 4, 3), Names.D_R, v)
                        .call(tf, x)));
    for (Stem stem : Stem.values()) {
      for (int depth : new int[] {18, 50}) {
        for (boolean training : new boolean[] {true, false}) {
          if (depth == 50 && training != (stem == Stem.IMAGENET)) {
            continue; // keeps the file small: ResNet-50 once per stem
          }
          ResNet.Config rc = new ResNet.Config(depth, 2, 5, 3, stem);
          c.add(
              new Case(
                  "resnet"
                      + depth
                      + " "
                      + stem
                      + " width2 classes5 training "
                      + training
                      + " batch2 32x32",
                  new long[] {2, 32, 32, 3},
                  (tf, v) -> x -> new ResNet(rc, Names.EXPERT, v).call(tf, x, training)));
        }
      }
    }
    for (int os : new int[] {8, 16}) {
      for (boolean training : new boolean[] {true, false}) {
        DeepLabV3.Config dc =
            new DeepLabV3.Config(18, 2, 4, 3, os, 4, DeepLabV3.Config.defaultRates(os), 0.0);
        c.add(
            new Case(
                "deeplab18 os"
                    + os
                    + " width2 classes4 aspp4 training "
                    + training
                    + " batch2 32x24",
                new long[] {2, 32, 24, 3},
                (tf, v) -> x -> new DeepLabV3(dc, Names.EXPERT, v).call(tf, x, training)));
      }
    }
    c.add(
        new Case(
            "deeplab50 os16 width2 classes3 aspp2 inference batch1 24x24",
            new long[] {1, 24, 24, 3},
            (tf, v) ->
                x ->
                    new DeepLabV3(
                            new DeepLabV3.Config(50, 2, 3, 3, 16, 2, List.of(1, 2, 3), 0.0),
                            Names.EXPERT,
                            v)
                        .call(tf, x, false)));
    c.add(
        new Case(
            "input adapter fromGenerator imagenet",
            new long[] {2, 4, 4, 3},
            (tf, v) -> x -> InputAdapter.fromGenerator(tf, x, Normalization.IMAGENET)));
    c.add(
        new Case(
            "input adapter fromUnit imagenet",
            new long[] {2, 4, 4, 3},
            (tf, v) -> x -> InputAdapter.fromUnit(tf, x, Normalization.IMAGENET)));
    return c;
  }

  /** The golden text of one case. */
  private static String describe(Case c) {
    StringBuilder s = new StringBuilder("== ").append(c.name()).append('\n');
    try (TfGraph g = new TfGraph(SEED)) {
      Placeholder<TFloat32> x = g.placeholder(c.input());
      Operand<TFloat32> y = c.build().apply(g.tf(), g.vars()).apply(x);
      List<VarStore.Var> trainable = new ArrayList<>();
      for (VarStore.Var v : g.vars().all()) {
        if (v.trainable()) {
          trainable.add(v);
        }
      }
      String root =
          c.name().startsWith("input adapter")
              ? "none"
              : g.vars().all().iterator().next().name().split("/")[0];
      Operand<TFloat32> loss = g.tf().reduceSum(g.tf().math.square(y), g.tf().constant(allAxes(y)));
      int ops = 0;
      long names = 0xcbf29ce484222325L;
      long types = 0xcbf29ce484222325L;
      Iterator<GraphOperation> it = g.graph().operations();
      while (it.hasNext()) {
        GraphOperation op = it.next();
        ops++;
        names = fnv(names, op.name());
        types = fnv(types, op.type());
      }
      s.append("ops ")
          .append(ops)
          .append(" names ")
          .append(Long.toHexString(names))
          .append(" types ")
          .append(Long.toHexString(types))
          .append('\n');
      int n = 1;
      for (long d : c.input()) {
        n *= (int) d;
      }
      Feed feed = new Feed(c.input(), TfGraph.randn(SEED + 1, n, 1));
      List<Operand<TFloat32>> fetches = new ArrayList<>();
      fetches.add(y);
      if (!trainable.isEmpty()) {
        Output<?>[] wrt = new Output<?>[trainable.size()];
        for (int i = 0; i < wrt.length; i++) {
          wrt[i] = trainable.get(i).read();
        }
        for (Output<?> grad : g.graph().addGradients(loss.asOutput(), wrt)) {
          @SuppressWarnings("unchecked")
          Output<TFloat32> gf = (Output<TFloat32>) grad;
          fetches.add(gf);
        }
      }
      List<float[]> out = g.runAll(fetches, java.util.Map.of(x, feed), List.of());
      java.util.Map<String, String> grads = new java.util.HashMap<>();
      for (int i = 0; i < trainable.size(); i++) {
        grads.put(trainable.get(i).name(), bitsHash(out.get(i + 1)));
      }
      for (VarStore.Var v : g.vars().all()) {
        s.append("var ")
            .append(v.name())
            .append(' ')
            .append(java.util.Arrays.toString(v.shape()))
            .append(v.trainable() ? " grad " + grads.get(v.name()) : " frozen")
            .append('\n');
      }
      s.append("updates ").append(g.vars().updates(root).size()).append('\n');
      float[] yv = out.get(0);
      s.append("y ").append(yv.length).append(" bits ").append(bitsHash(yv));
      for (int i = 0; i < Math.min(4, yv.length); i++) {
        s.append(' ').append(yv[i]);
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static int[] allAxes(Operand<TFloat32> y) {
    int[] a = new int[y.shape().numDimensions()];
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
    }
    return a;
  }

  private static String bitsHash(float[] v) {
    long h = 0xcbf29ce484222325L;
    for (float f : v) {
      int b = Float.floatToIntBits(f);
      for (int k = 0; k < 4; k++) {
        h ^= (b >>> (8 * k)) & 0xff;
        h *= 0x100000001b3L;
      }
    }
    return Long.toHexString(h);
  }

  private static long fnv(long h, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= '\n';
    h *= 0x100000001b3L;
    return h;
  }

  @Test
  void networksKeepTheirVariablesOperationsAndNumbers() throws IOException {
    StringBuilder all = new StringBuilder();
    List<String> actual = new ArrayList<>();
    for (Case c : cases()) {
      String d = describe(c);
      actual.add(d);
      all.append(d);
    }
    String write = System.getProperty("golden.write");
    if (write != null) {
      Files.writeString(Path.of(write), all.toString());
      return;
    }
    String expected;
    try (InputStream in = NetworkGoldenTest.class.getResourceAsStream("/golden/networks.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Compare case by case so that a failure names the network.
    String[] blocks = expected.split("(?m)^(?=== )");
    assertEquals(actual.size(), blocks.length, "number of golden cases");
    for (int i = 0; i < blocks.length; i++) {
      assertEquals(blocks[i], actual.get(i));
    }
  }
}
