package org.real2sim.exporter.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.deeplab.DeepLabV3;
import org.real2sim.models.expert.Normalization;
import org.real2sim.models.nn.Weights;
import org.real2sim.models.resnet.ResNet;
import org.real2sim.models.resnet.Stem;

/**
 * The ONNX the writers produce, frozen from the code as it was before the networks were described
 * by specs (issue 14): for a few tiny configurations, the node count, the operator sequence and the
 * SHA-256 of the serialised model (names, attributes and initializer bits).
 *
 * <p>The expected text is {@code golden/onnx.txt}; run with {@code -Dgolden.write=<file>} to write
 * the text the code produces now (only when a change of the ONNX written is intended).
 */
class OnnxGoldenTest {

  private record Case(
      String name,
      NetFixture.TfNet tf,
      NetFixture.OnnxNet onnx,
      int channels,
      boolean classifier) {}

  private static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    ResnetGenerator.Config g = new ResnetGenerator.Config(4, 2, 3, 3);
    c.add(
        new Case(
            "generator ngf4 blocks2",
            (tf, v, x) -> new ResnetGenerator(g, "g_rs", v).call(tf, x),
            (ctx, x, w) -> OnnxBuilder.write(ctx, x, w, "g_rs", ResnetGenerator.spec(g)),
            3,
            false));
    for (Stem stem : Stem.values()) {
      for (int depth : new int[] {18, 50}) {
        ResNet.Config r = new ResNet.Config(depth, 2, 5, 3, stem);
        c.add(
            new Case(
                "resnet" + depth + " " + stem + " width2 classes5",
                (tf, v, x) -> new ResNet(r, "expert", v).call(tf, x, false),
                (ctx, x, w) -> OnnxBuilder.write(ctx, x, w, "expert", ResNet.spec(r)),
                3,
                true));
      }
    }
    for (int os : new int[] {8, 16}) {
      DeepLabV3.Config d =
          new DeepLabV3.Config(18, 2, 4, 3, os, 4, DeepLabV3.Config.defaultRates(os), 0.5);
      c.add(
          new Case(
              "deeplab18 os" + os,
              (tf, v, x) -> new DeepLabV3(d, "expert", v).call(tf, x, false),
              (ctx, x, w) -> OnnxBuilder.write(ctx, x, w, "expert", DeepLabV3.spec(d)),
              3,
              false));
    }
    c.add(
        new Case(
            "input adapter imagenet",
            (tf, v, x) -> x,
            (ctx, x, w) -> InputAdapterWriter.fromGenerator(ctx, x, Normalization.IMAGENET),
            3,
            false));
    return c;
  }

  private static String describe(Case c) throws NoSuchAlgorithmException {
    Map<String, Weights> w = NetFixture.weights(c.tf(), 14);
    ModelProto m = NetFixture.onnx(c.onnx(), w, c.channels(), c.classifier(), null);
    StringBuilder ops = new StringBuilder();
    for (NodeProto n : m.getGraph().getNodeList()) {
      ops.append(n.getOpType()).append(' ');
    }
    String sha =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m.toByteArray()));
    return "== "
        + c.name()
        + "\nnodes "
        + m.getGraph().getNodeCount()
        + " initializers "
        + m.getGraph().getInitializerCount()
        + " sha256 "
        + sha
        + "\nops "
        + ops.toString().trim()
        + "\n";
  }

  @Test
  void writersKeepTheirOnnx() throws Exception {
    List<String> actual = new ArrayList<>();
    for (Case c : cases()) {
      actual.add(describe(c));
    }
    String write = System.getProperty("golden.write");
    if (write != null) {
      Files.writeString(Path.of(write), String.join("", actual));
      return;
    }
    String expected;
    try (InputStream in = OnnxGoldenTest.class.getResourceAsStream("/golden/onnx.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] blocks = expected.split("(?m)^(?=== )");
    assertEquals(actual.size(), blocks.length, "number of golden cases");
    for (int i = 0; i < blocks.length; i++) {
      assertEquals(blocks[i], actual.get(i));
    }
  }
}
