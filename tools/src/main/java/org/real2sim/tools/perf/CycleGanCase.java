package org.real2sim.tools.perf;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.real2sim.models.cyclegan.CycleGanFlops;
import org.real2sim.models.cyclegan.CycleGanModel;
import org.real2sim.models.cyclegan.PatchDiscriminator;
import org.real2sim.models.cyclegan.ResnetGenerator;
import org.real2sim.models.optim.Adam;

/**
 * One benchmarked CycleGAN configuration: both generators, both discriminators, a square image
 * size, batch 1, and the PyTorch reference's best median time for the same iteration when it was
 * measured in the same invocation (else 0).
 *
 * @param name the case's name on the command line, e.g. {@code g64b9-d64-128}
 * @param generator both generators' architecture
 * @param discriminator both discriminators' architecture (3 layers, the 70×70 PatchGAN)
 * @param size image height and width, a multiple of 4
 * @param referenceSeconds the reference's best median seconds per iteration, or 0
 */
public record CycleGanCase(
    String name,
    ResnetGenerator.Config generator,
    PatchDiscriminator.Config discriminator,
    int size,
    double referenceSeconds) {

  /**
   * The four cases of the side-by-side comparison ({@code ../shared/peer/run_side_by_side.sh}), the
   * quick start's networks first. No reference time is built in: a ratio needs the reference
   * measured in the same invocation ({@link Reference}).
   */
  private static final List<CycleGanCase> STANDARD =
      List.of(
          of(16, 3, 16, 32, 0), of(32, 6, 32, 32, 0), of(32, 6, 32, 64, 0), of(64, 9, 64, 128, 0));

  private static final Pattern NAME =
      Pattern.compile("g(\\d{1,4})b(\\d{1,3})-d(\\d{1,4})-(\\d{1,5})");

  /** Validates the fields. */
  public CycleGanCase {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("case name must not be empty");
    }
    if (size < 4 || size % 4 != 0) {
      throw new IllegalArgumentException(
          "size of case " + name + " must be a positive multiple of 4, found " + size);
    }
    if (!(referenceSeconds >= 0)) {
      throw new IllegalArgumentException(
          "referenceSeconds of case " + name + " must be >= 0, found " + referenceSeconds);
    }
  }

  /**
   * A case named {@code g<ngf>b<blocks>-d<ndf>-<size>} for RGB images and the 3-layer PatchGAN.
   *
   * @param referenceSeconds the reference's time, or 0 when there is none
   */
  public static CycleGanCase of(int ngf, int blocks, int ndf, int size, double referenceSeconds) {
    return new CycleGanCase(
        String.format(Locale.ROOT, "g%db%d-d%d-%d", ngf, blocks, ndf, size),
        new ResnetGenerator.Config(ngf, blocks, 3, 3),
        new PatchDiscriminator.Config(ndf, 3, 3),
        size,
        referenceSeconds);
  }

  /** The four side-by-side cases, the smallest first. */
  public static List<CycleGanCase> standard() {
    return STANDARD;
  }

  /**
   * The case called {@code name}: {@code g<ngf>b<blocks>-d<ndf>-<size>}, without a reference time.
   *
   * @throws IllegalArgumentException naming the value and the expected form
   */
  public static CycleGanCase parse(String name) {
    for (CycleGanCase c : STANDARD) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Unknown case '"
              + name
              + "', expected one of "
              + STANDARD.stream().map(CycleGanCase::name).collect(Collectors.toList())
              + " or g<ngf>b<blocks>-d<ndf>-<size>");
    }
    return of(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)),
        0);
  }

  /** The stage-b training graph's configuration for this case: batch 1, λ_cyc 10, λ_id 0.5. */
  public CycleGanModel.Config modelConfig() {
    return new CycleGanModel.Config(
        generator, discriminator, 1, size, size, 10f, 0.5f, Adam.Config.cycleGan(), false);
  }

  /** FLOPs of one iteration, {@link CycleGanFlops#iteration}. */
  public long flopsPerIteration() {
    return CycleGanFlops.iteration(modelConfig());
  }

  /** This case with the reference's time {@code seconds}. */
  public CycleGanCase withReference(double seconds) {
    return new CycleGanCase(name, generator, discriminator, size, seconds);
  }

  /** Whether a reference time is known. */
  public boolean hasReference() {
    return referenceSeconds > 0;
  }
}
