package org.real2sim.runtime.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which image sizes the bundle's graph accepts, and what the runtime does with other sizes.
 *
 * <p>Three modes exist. {@code any} (format 1.1): every size; the graph resizes the image to the
 * network's input size itself (see {@link Preprocessing}), so the runtime never resizes. {@code
 * fixed}: exactly {@code height × width} (a graph exported with static spatial dimensions). {@code
 * multiple}: height and width each a multiple of {@code multiple} within {@code [min, max]} (a
 * fully convolutional graph with dynamic dimensions; the CycleGAN generator's two stride-2 stages
 * need a multiple of 4, DeepLab's output stride 8 or 16 needs a multiple of 8 or 16 for the mask to
 * line up exactly).
 *
 * <p>{@code onMismatch} decides what happens to an image outside the policy. {@code reject} (the
 * default): the call fails with {@link IllegalArgumentException} naming the size and the policy.
 * {@code resize}: the runtime resizes the image with the antialiased filter of training ({@link
 * org.real2sim.runtime.image.Images#resizeBilinear}) to {@link #targetSize(int, int)}, runs the
 * graph, and resizes the mask back to the image's own size with nearest-neighbour sampling; scores
 * and the translated image stay at the network's size.
 *
 * @param mode {@code any}, {@code fixed} or {@code multiple}
 * @param height the fixed height in pixels ({@code fixed} only)
 * @param width the fixed width in pixels ({@code fixed} only)
 * @param multiple height and width must be multiples of this ({@code multiple} only)
 * @param min the smallest accepted height and width ({@code multiple} only)
 * @param max the largest accepted height and width ({@code multiple} only)
 * @param onMismatch {@code reject} or {@code resize}; null means {@code reject}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputPolicy(
    Mode mode,
    Integer height,
    Integer width,
    Integer multiple,
    Integer min,
    Integer max,
    OnMismatch onMismatch) {

  /** How sizes are constrained. */
  public enum Mode {
    /** Every size: the graph resizes to the network's input size itself. */
    @JsonProperty("any")
    ANY,
    /** Exactly one height and width. */
    @JsonProperty("fixed")
    FIXED,
    /** Height and width multiples of a number within a range. */
    @JsonProperty("multiple")
    MULTIPLE
  }

  /** What happens to an image outside the policy. */
  public enum OnMismatch {
    /** Fail the call with a message naming the size and the policy. */
    @JsonProperty("reject")
    REJECT,
    /** Resize to the nearest accepted size, and the mask back to the image's size. */
    @JsonProperty("resize")
    RESIZE
  }

  /** The largest height, width, multiple, min or max accepted (sizes beyond any camera). */
  public static final int MAX_SIDE = 1 << 16;

  /** Validates the fields of the chosen mode; the message names the field and the value. */
  public InputPolicy {
    if (mode == null) {
      throw new IllegalArgumentException("inputPolicy.mode is required (any, fixed or multiple)");
    }
    if (onMismatch == null) {
      onMismatch = OnMismatch.REJECT;
    }
    if (mode == Mode.ANY) {
      requireAbsent("height", height, mode);
      requireAbsent("width", width, mode);
      requireAbsent("multiple", multiple, mode);
      requireAbsent("min", min, mode);
      requireAbsent("max", max, mode);
    } else if (mode == Mode.FIXED) {
      requirePositive("height", height);
      requirePositive("width", width);
      requireAbsent("multiple", multiple, mode);
      requireAbsent("min", min, mode);
      requireAbsent("max", max, mode);
    } else {
      requirePositive("multiple", multiple);
      requirePositive("min", min);
      requirePositive("max", max);
      requireAbsent("height", height, mode);
      requireAbsent("width", width, mode);
      if (max < min) {
        throw new IllegalArgumentException(
            "inputPolicy.max must be >= min, found min " + min + " and max " + max);
      }
      if (ceilTo(min, multiple) > max) {
        throw new IllegalArgumentException(
            "inputPolicy admits no size: no multiple of "
                + multiple
                + " within ["
                + min
                + ", "
                + max
                + "]");
      }
    }
  }

  /** A policy accepting every size: the graph resizes (format 1.1). */
  public static InputPolicy any() {
    return new InputPolicy(Mode.ANY, null, null, null, null, null, OnMismatch.REJECT);
  }

  /** A policy accepting exactly {@code height × width}. */
  public static InputPolicy fixed(int height, int width, OnMismatch onMismatch) {
    return new InputPolicy(Mode.FIXED, height, width, null, null, null, onMismatch);
  }

  /**
   * A policy accepting heights and widths that are multiples of {@code multiple} within [min, max].
   */
  public static InputPolicy multipleOf(int multiple, int min, int max, OnMismatch onMismatch) {
    return new InputPolicy(Mode.MULTIPLE, null, null, multiple, min, max, onMismatch);
  }

  /** Whether an image of {@code height × width} can be fed to the graph as it is. */
  public boolean accepts(int height, int width) {
    if (mode == Mode.ANY) {
      return height > 0 && width > 0;
    }
    if (mode == Mode.FIXED) {
      return height == this.height && width == this.width;
    }
    return acceptsSide(height) && acceptsSide(width);
  }

  /**
   * The size, {@code {height, width}}, an image is resized to under {@code resize}: the fixed size,
   * or each side rounded to the nearest multiple and clamped into the accepted range. Returns the
   * size itself when it is accepted.
   */
  public int[] targetSize(int height, int width) {
    if (mode == Mode.ANY) {
      return new int[] {height, width};
    }
    if (mode == Mode.FIXED) {
      return new int[] {this.height, this.width};
    }
    return new int[] {nearestSide(height), nearestSide(width)};
  }

  /**
   * One line for messages and {@code --info}, such as "H and W multiples of 4 within [16, 2048];
   * otherwise reject".
   */
  public String describe() {
    if (mode == Mode.ANY) {
      return "any size (the graph resizes to the network's input size)";
    }
    String sizes =
        mode == Mode.FIXED
            ? "fixed " + height + "x" + width + " (HxW)"
            : "H and W multiples of " + multiple + " within [" + min + ", " + max + "]";
    return sizes + "; otherwise " + onMismatch.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The message for an image of {@code height × width} that the policy does not accept.
   *
   * @param what names the image, for example {@code "image 3 of the batch"}
   */
  public String violation(String what, int height, int width) {
    return what
        + " is "
        + height
        + "x"
        + width
        + " (HxW), outside the bundle's input policy: "
        + describe();
  }

  private boolean acceptsSide(int side) {
    return side >= min && side <= max && side % multiple == 0;
  }

  private int nearestSide(int side) {
    long lo = ceilTo(min, multiple);
    long hi = ((long) max / multiple) * multiple;
    long rounded = Math.round(side / (double) multiple) * (long) multiple;
    return (int) Math.max(lo, Math.min(hi, rounded));
  }

  private static long ceilTo(long value, long multiple) {
    return ((value + multiple - 1) / multiple) * multiple;
  }

  private static void requirePositive(String field, Integer value) {
    if (value == null || value <= 0 || value > MAX_SIDE) {
      throw new IllegalArgumentException(
          "inputPolicy."
              + field
              + " must be a positive integer of at most "
              + MAX_SIDE
              + ", found "
              + value);
    }
  }

  private static void requireAbsent(String field, Integer value, Mode mode) {
    if (value != null) {
      throw new IllegalArgumentException(
          "inputPolicy."
              + field
              + " does not apply to mode "
              + mode.name().toLowerCase(java.util.Locale.ROOT)
              + ", found "
              + value);
    }
  }
}
