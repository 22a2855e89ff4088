package org.real2sim.trainer.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The code a run was trained with: the git commit of the checkout and whether its working tree had
 * uncommitted changes, read with {@code git rev-parse HEAD} and {@code git status --porcelain} run
 * as processes with a timeout; or {@code unknown} with the reason (no git, not a checkout,
 * timeout).
 *
 * @param commit the full commit id, or null when unknown
 * @param dirty whether {@code git status --porcelain} listed changes; null when unknown
 * @param reason why the commit is unknown; null when it is known
 */
public record CodeVersion(String commit, Boolean dirty, String reason) {

  /** How long each git call may take. */
  public static final long TIMEOUT_SECONDS = 10;

  /** Checks that a version is either known (commit and dirty set) or unknown with a reason. */
  public CodeVersion {
    if (commit == null ? reason == null : dirty == null) {
      throw new IllegalArgumentException(
          "a code version needs a commit and a dirty flag, or a reason, found commit "
              + commit
              + ", dirty "
              + dirty
              + ", reason "
              + reason);
    }
  }

  /**
   * The code version of the checkout that holds {@code dir} ({@code real2sim.home}, or the working
   * directory, in practice).
   */
  public static CodeVersion of(Path dir) {
    Result head = git(dir, "rev-parse", "--verify", "HEAD");
    if (head.failure != null) {
      return new CodeVersion(null, null, head.failure);
    }
    String commit = head.out.trim();
    if (!commit.matches("[0-9a-f]{40,64}")) {
      return new CodeVersion(null, null, "git rev-parse HEAD printed '" + commit + "'");
    }
    Result status = git(dir, "status", "--porcelain");
    if (status.failure != null) {
      return new CodeVersion(null, null, status.failure);
    }
    return new CodeVersion(commit, !status.out.isBlank(), null);
  }

  /** The code version of this installation: {@code real2sim.home}, else the working directory. */
  public static CodeVersion current() {
    return of(Path.of(System.getProperty("real2sim.home", ".")));
  }

  /** Whether the commit is known. */
  public boolean known() {
    return commit != null;
  }

  /**
   * The one-line form that travels into bundle.json: {@code git:<commit>}, {@code
   * git:<commit>-dirty}, or {@code unknown (<reason>)}.
   */
  @Override
  public String toString() {
    return known() ? "git:" + commit + (dirty ? "-dirty" : "") : "unknown (" + reason + ")";
  }

  private record Result(String out, String failure) {}

  private static Result git(Path dir, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).start();
      p.getOutputStream().close();
    } catch (IOException e) {
      return new Result(null, "git is not available: " + e.getMessage());
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(
            null, "git " + args[0] + " did not answer within " + TIMEOUT_SECONDS + " s in " + dir);
      }
      if (p.exitValue() != 0) {
        String first = err.join().strip().lines().findFirst().orElse("exit " + p.exitValue());
        return new Result(null, "not a git checkout: " + dir + ": " + first);
      }
      return new Result(out.join(), null);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(null, "interrupted while running git " + args[0]);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
