package org.real2sim.trainer.stage;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LanesTest {

  @Test
  void prefixedLinesStayWholeAndDropCarriageReturns() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream target = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PrintStream a = Lanes.prefixed(target, "[a] ");
    a.print("half ");
    a.printf("a line%n");
    a.print("\rbar 10%\n");
    a.print("unfinished");
    assertEquals("[a] half a line\n[a] bar 10%\n", bytes.toString(StandardCharsets.UTF_8));
    a.close();
    assertEquals(
        "[a] half a line\n[a] bar 10%\n[a] unfinished\n", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void lanesRunConcurrentlyAndAFailureIsRethrownAfterTheOthersFinish(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path data = TinyData.classification(tmp.resolve("data"), 4);
    var config = TinyData.classificationConfig(data).set("name=lanes").build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (TrainContext ctx =
        new TrainContext(
            config, org.real2sim.trainer.run.RunDir.of(tmp.resolve("runs"), "lanes"), out, false)) {
      CountDownLatch both = new CountDownLatch(2);
      int[] cores = new int[2];
      boolean[] finished = new boolean[1];
      RuntimeException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  Lanes.run(
                      ctx,
                      List.of(
                          new Lanes.Lane(
                              "one",
                              l -> {
                                cores[0] = l.cores();
                                both.countDown();
                                await(both);
                                l.out().println("done one");
                                finished[0] = true;
                              }),
                          new Lanes.Lane(
                              "two",
                              l -> {
                                cores[1] = l.cores();
                                both.countDown();
                                await(both);
                                throw new IllegalStateException("lane two failed");
                              }))));
      assertEquals("lane two failed", e.getMessage());
      assertTrue(finished[0], "the other lane ran to its end");
      int share = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
      assertArrayEquals(new int[] {share, share}, cores);
      assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("[one] done one\n"));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS), "both lanes must run at the same time");
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
