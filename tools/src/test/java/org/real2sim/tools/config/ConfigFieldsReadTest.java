package org.real2sim.tools.config;

import static org.junit.jupiter.api.Assertions.*;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.real2sim.trainer.config.RunConfig;
import org.real2sim.trainer.stage.Stages;

/**
 * Every configuration field is read by the code it configures: an option that nothing reads is a
 * defect (it was {@code stageC.mixUnlabeled}, {@code data.maxPixels} in the loaders).
 *
 * <p>The check reads the compiled main classes of trainer and tools (outside the config package)
 * and collects every method they reference, from the class files' constant pools (calls, method
 * references and lambdas all leave a {@code Methodref} there). A field counts as read when its
 * accessor is referenced, or, for a field only read inside its record by a helper (e.g. {@code
 * decayEpochs} by {@code resolvedDecayEpochs()}), when that helper, declared in {@link #HELPERS},
 * is referenced. Jackson's reflective use (binding, writing config.json) does not count.
 */
class ConfigFieldsReadTest {

  /** Record.field → the helper accessors of that record that read it. */
  private static final Map<String, List<String>> HELPERS =
      Map.of(
          "DataConfig.task", List.of("segmentation"),
          "ExpertConfig.arch", List.of("segmentation", "depth"),
          "ExpertConfig.cropHeight", List.of("resolvedCropHeight"),
          "CycleGanConfig.decayEpochs", List.of("resolvedDecayEpochs"),
          "TaskAwareConfig.decayEpochs", List.of("resolvedDecayEpochs"),
          "TaskAwareConfig.sweepAlpha", List.of("labeledSweepAlpha"),
          "TaskAwareConfig.batchSize", List.of("resolvedBatchSize"),
          "TaskAwareConfig.poolSize", List.of("resolvedPoolSize"),
          "EvalConfig.resolution", List.of("labelResolution"));

  /** A reference from a class file: owner (internal name), method name. */
  record Ref(String owner, String name) {}

  @Test
  void everyConfigurationFieldIsReadOutsideTheConfigPackage() throws Exception {
    Set<Ref> refs = new HashSet<>();
    // Main classes only: trainer's (a folder or its jar) and the tools' (next to test-classes).
    Path toolsMain = location(ConfigFieldsReadTest.class).resolveSibling("classes");
    assertTrue(Files.isDirectory(toolsMain), toolsMain + " missing");
    for (Path root : List.of(location(Stages.class), toolsMain)) {
      refs.addAll(methodRefs(root, "org/real2sim/trainer/config/"));
    }
    List<String> unread = unread(RunConfig.class, refs, HELPERS);
    assertEquals(List.of(), unread, "configuration fields that no code reads");
  }

  /** A record used only by this test: {@code used} is read below, {@code unused} never. */
  record Probe(int used, int unused) {}

  static int readProbe(Probe p) {
    return p.used();
  }

  @Test
  void theCheckFindsAFieldThatNothingReads() throws Exception {
    Set<Ref> refs = methodRefs(location(ConfigFieldsReadTest.class), "no/such/package/");
    assertEquals(List.of("Probe.unused"), unread(Probe.class, refs, Map.of()));
    assertEquals(
        List.of(), unread(Probe.class, refs, Map.of("Probe.unused", List.of("used"))), "helper");
  }

  /** Fields of {@code type} and of the records it holds that {@code refs} never read. */
  static List<String> unread(Class<?> type, Set<Ref> refs, Map<String, List<String>> helpers) {
    List<String> out = new ArrayList<>();
    Set<Class<?>> seen = new LinkedHashSet<>();
    collect(type, seen);
    for (Class<?> c : seen) {
      String owner = c.getName().replace('.', '/');
      for (RecordComponent rc : c.getRecordComponents()) {
        String key = c.getSimpleName() + "." + rc.getName();
        boolean read = refs.contains(new Ref(owner, rc.getName()));
        for (String h : helpers.getOrDefault(key, List.of())) {
          read |= refs.contains(new Ref(owner, h));
        }
        if (!read) {
          out.add(key);
        }
      }
    }
    return out;
  }

  private static void collect(Class<?> type, Set<Class<?>> seen) {
    if (!seen.add(type)) {
      return;
    }
    for (RecordComponent rc : type.getRecordComponents()) {
      if (rc.getType().isRecord()) {
        collect(rc.getType(), seen);
      }
    }
  }

  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Every method referenced by the class files under {@code root} outside {@code skip}. */
  static Set<Ref> methodRefs(Path root, String skip) throws IOException {
    Set<Ref> out = new HashSet<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          String rel = root.relativize(f).toString().replace('\\', '/');
          if (!rel.startsWith(skip)) {
            try (InputStream in = Files.newInputStream(f)) {
              read(in, out);
            }
          }
        }
      }
    } else {
      try (JarFile jar = new JarFile(root.toFile())) {
        for (var e : java.util.Collections.list(jar.entries())) {
          if (e.getName().endsWith(".class") && !e.getName().startsWith(skip)) {
            try (InputStream in = jar.getInputStream(e)) {
              read(in, out);
            }
          }
        }
      }
    }
    return out;
  }

  /** Adds the Methodref and InterfaceMethodref entries of one class file's constant pool. */
  private static void read(InputStream raw, Set<Ref> out) throws IOException {
    DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw));
    if (in.readInt() != 0xCAFEBABE) {
      throw new UncheckedIOException(new IOException("not a class file"));
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int n = in.readUnsignedShort();
    String[] utf = new String[n];
    int[] classIndex = new int[n];
    int[][] nameAndType = new int[n][];
    List<int[]> methods = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf[i] = in.readUTF();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 7 -> classIndex[i] = in.readUnsignedShort();
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 9 -> in.readInt();
        case 10, 11 -> methods.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
        case 12 -> nameAndType[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 17, 18 -> in.readInt();
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    for (int[] m : methods) {
      String owner = utf[classIndex[m[0]]];
      String name = utf[nameAndType[m[1]][0]];
      out.add(new Ref(owner, name));
    }
  }
}
