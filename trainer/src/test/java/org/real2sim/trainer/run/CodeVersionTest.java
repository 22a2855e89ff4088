package org.real2sim.trainer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeVersionTest {

  @TempDir Path tmp;

  private static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "git " + args[0]);
    assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
    return out.trim();
  }

  private Path repoWithOneCommit() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    git(repo, "init", "-q");
    Files.writeString(repo.resolve("a.txt"), "one\n");
    git(repo, "add", "a.txt");
    git(
        repo,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-q",
        "-m",
        "one");
    return repo;
  }

  @Test
  void cleanCheckoutGivesItsCommit() throws Exception {
    Path repo = repoWithOneCommit();
    CodeVersion v = CodeVersion.of(repo);
    assertEquals(git(repo, "rev-parse", "HEAD"), v.commit());
    assertEquals(Boolean.FALSE, v.dirty());
    assertNull(v.reason());
    assertEquals("git:" + v.commit(), v.toString());
    // A subfolder of the checkout names the same commit.
    assertEquals(v, CodeVersion.of(Files.createDirectories(repo.resolve("sub"))));
  }

  @Test
  void changedOrNewFilesMakeItDirty() throws Exception {
    Path repo = repoWithOneCommit();
    Files.writeString(repo.resolve("a.txt"), "two\n");
    CodeVersion v = CodeVersion.of(repo);
    assertTrue(v.dirty());
    assertEquals("git:" + v.commit() + "-dirty", v.toString());
    git(repo, "checkout", "-q", "--", "a.txt");
    Files.writeString(repo.resolve("new.java"), "class X {}\n");
    assertTrue(CodeVersion.of(repo).dirty(), "an untracked file counts as a change");
  }

  @Test
  void folderOutsideAnyCheckoutIsUnknownWithTheReason() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    CodeVersion v = CodeVersion.of(plain);
    assumeFalse(v.known(), "the temporary folder " + plain + " lies inside a git checkout here");
    assertNull(v.commit());
    assertNull(v.dirty());
    assertTrue(v.reason().startsWith("not a git checkout: " + plain), v.reason());
    assertTrue(v.toString().startsWith("unknown (not a git checkout"), v.toString());
  }

  @Test
  void missingFolderIsUnknownNotAnError() {
    CodeVersion v = CodeVersion.of(tmp.resolve("does-not-exist"));
    assertFalse(v.known());
    assertTrue(v.reason().contains("does-not-exist"), v.reason());
  }

  @Test
  void rejectsAVersionThatIsNeitherKnownNorExplained() {
    assertThrows(IllegalArgumentException.class, () -> new CodeVersion(null, null, null));
    assertThrows(IllegalArgumentException.class, () -> new CodeVersion("abc", null, null));
  }

  @Test
  void provenanceKeepsTheFirstVersionOfAStageAndListsResumes(@TempDir Path runDir) {
    RunDir run = new RunDir(runDir).create();
    CodeVersion a = new CodeVersion("a".repeat(40), false, null);
    CodeVersion b = new CodeVersion("b".repeat(40), true, null);
    RunProvenance.recordStart(run, a);
    RunProvenance.recordStage(run, "expert", a);
    RunProvenance.recordStage(run, "taskaware", a);
    assertEquals("git:" + "a".repeat(40), RunProvenance.codeVersionOf(runDir, List.of("expert")));
    assertEquals(
        "git:" + "a".repeat(40),
        RunProvenance.codeVersionOf(runDir, List.of("expert", "taskaware")));
    RunProvenance.recordStart(run, b);
    RunProvenance.recordStage(run, "taskaware", b);
    RunProvenance.recordStage(run, "cyclegan", b);
    assertEquals(
        "expert=git:"
            + "a".repeat(40)
            + ", taskaware=git:"
            + "a".repeat(40)
            + " (resumed with [git:"
            + "b".repeat(40)
            + "-dirty])",
        RunProvenance.codeVersionOf(runDir, List.of("expert", "taskaware")));
    assertEquals(
        "git:" + "b".repeat(40) + "-dirty",
        RunProvenance.codeVersionOf(runDir, List.of("cyclegan")));
    assertNull(RunProvenance.codeVersionOf(runDir, List.of("supervised")));
  }
}
