package org.real2sim.trainer.data.pipeline;

import org.real2sim.trainer.data.image.ImageDecoder;

/**
 * How a {@link BatchLoader} turns samples into batches.
 *
 * <p>Per sample, in this order: decode; map label ids; optional coarsening (a data set option);
 * resize to {@code resizeWidth × resizeHeight} (bilinear for images, nearest for labels; 0 keeps
 * the size, one 0 keeps the aspect ratio); take a {@code cropWidth × cropHeight} window (random
 * when {@code randomCrop}, else centred; 0 = the whole image); mirror left-right with probability
 * 0.5 when {@code flip}; scale pixels with {@code scaling}. Build one with {@link #builder()}.
 *
 * @param batchSize samples per batch, at least 1
 * @param resizeWidth width after resizing, 0 to keep (or follow the aspect ratio)
 * @param resizeHeight height after resizing, 0 to keep (or follow the aspect ratio)
 * @param cropWidth width of the window taken after resizing, 0 for the whole width
 * @param cropHeight height of the window taken after resizing, 0 for the whole height
 * @param randomCrop whether the window position is random (training) or centred (evaluation)
 * @param flip whether to mirror left-right with probability 0.5
 * @param scaling how [0, 1] pixels become network inputs
 * @param labels whether to load labels (false skips label decoding, e.g. for GAN training)
 * @param seed the seed every random decision derives from
 * @param shuffle whether the default order is a fresh permutation per epoch (else sequential)
 * @param epochs how many epochs to deliver, 0 for unlimited
 * @param startEpoch the epoch the stream starts at (a resumed run starts after its last finished
 *     epoch and sees exactly the batches an uninterrupted run would)
 * @param dropLast whether to drop an epoch's last incomplete batch (keeps the batch shape fixed)
 * @param threads background decoding threads, at least 1
 * @param prefetch batches decoded ahead of the consumer (bounds memory), at least 1
 * @param maxPixels images with more pixels are refused before decoding
 */
public record LoaderConfig(
    int batchSize,
    int resizeWidth,
    int resizeHeight,
    int cropWidth,
    int cropHeight,
    boolean randomCrop,
    boolean flip,
    PixelScaling scaling,
    boolean labels,
    long seed,
    boolean shuffle,
    int epochs,
    int startEpoch,
    boolean dropLast,
    int threads,
    int prefetch,
    long maxPixels) {

  /** Validates every field, naming it and the value found. */
  public LoaderConfig {
    positive("batchSize", batchSize);
    nonNegative("resizeWidth", resizeWidth);
    nonNegative("resizeHeight", resizeHeight);
    nonNegative("cropWidth", cropWidth);
    nonNegative("cropHeight", cropHeight);
    nonNegative("epochs", epochs);
    nonNegative("startEpoch", startEpoch);
    positive("threads", threads);
    positive("prefetch", prefetch);
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, found " + maxPixels);
    }
    if (scaling == null) {
      throw new IllegalArgumentException("scaling must be given");
    }
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, found " + v);
    }
  }

  private static void nonNegative(String name, int v) {
    if (v < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, found " + v);
    }
  }

  /** A builder starting from: batch 1, no resize or crop, no flip, [−1, 1], shuffled, 1 thread. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.batchSize = batchSize;
    b.resizeWidth = resizeWidth;
    b.resizeHeight = resizeHeight;
    b.cropWidth = cropWidth;
    b.cropHeight = cropHeight;
    b.randomCrop = randomCrop;
    b.flip = flip;
    b.scaling = scaling;
    b.labels = labels;
    b.seed = seed;
    b.shuffle = shuffle;
    b.epochs = epochs;
    b.startEpoch = startEpoch;
    b.dropLast = dropLast;
    b.threads = threads;
    b.prefetch = prefetch;
    b.maxPixels = maxPixels;
    return b;
  }

  /** Builds a {@link LoaderConfig}; {@link #build()} validates. */
  public static final class Builder {
    private int batchSize = 1;
    private int resizeWidth;
    private int resizeHeight;
    private int cropWidth;
    private int cropHeight;
    private boolean randomCrop = true;
    private boolean flip;
    private PixelScaling scaling = PixelScaling.minusOneToOne();
    private boolean labels = true;
    private long seed;
    private boolean shuffle = true;
    private int epochs;
    private int startEpoch;
    private boolean dropLast = true;
    private int threads = 1;
    private int prefetch = -1;
    private long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;

    private Builder() {}

    /** Samples per batch. */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** Size after resizing; 0 keeps that side (or follows the aspect ratio if the other is set). */
    public Builder resize(int width, int height) {
      resizeWidth = width;
      resizeHeight = height;
      return this;
    }

    /** The window taken after resizing; 0 for the whole side. */
    public Builder crop(int width, int height) {
      cropWidth = width;
      cropHeight = height;
      return this;
    }

    /** Random (true) or centred (false) window position. */
    public Builder randomCrop(boolean v) {
      randomCrop = v;
      return this;
    }

    /** Random left-right mirroring with probability 0.5. */
    public Builder flip(boolean v) {
      flip = v;
      return this;
    }

    /** Pixel scaling. */
    public Builder scaling(PixelScaling v) {
      scaling = v;
      return this;
    }

    /** Whether to load labels. */
    public Builder labels(boolean v) {
      labels = v;
      return this;
    }

    /** The seed of every random decision. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Shuffled (true) or sequential (false) default order. */
    public Builder shuffle(boolean v) {
      shuffle = v;
      return this;
    }

    /** Epochs to deliver, 0 for unlimited. */
    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    /** The epoch (0-based) the stream starts at, for resuming; 0 by default. */
    public Builder startEpoch(int v) {
      startEpoch = v;
      return this;
    }

    /** Whether to drop the last incomplete batch of an epoch. */
    public Builder dropLast(boolean v) {
      dropLast = v;
      return this;
    }

    /** Decoding threads. */
    public Builder threads(int v) {
      threads = v;
      return this;
    }

    /** Batches decoded ahead (default: twice the threads). */
    public Builder prefetch(int v) {
      prefetch = v;
      return this;
    }

    /** The pixel limit per image. */
    public Builder maxPixels(long v) {
      maxPixels = v;
      return this;
    }

    /** Training defaults: random crop, flip, shuffle, drop last, unlimited epochs. */
    public Builder training() {
      return randomCrop(true).flip(true).shuffle(true).dropLast(true).epochs(0);
    }

    /** Evaluation defaults: centred crop, no flip, sequential, keep last, one epoch. */
    public Builder evaluation() {
      return randomCrop(false).flip(false).shuffle(false).dropLast(false).epochs(1);
    }

    /** The validated configuration. */
    public LoaderConfig build() {
      return new LoaderConfig(
          batchSize,
          resizeWidth,
          resizeHeight,
          cropWidth,
          cropHeight,
          randomCrop,
          flip,
          scaling,
          labels,
          seed,
          shuffle,
          epochs,
          startEpoch,
          dropLast,
          threads,
          prefetch < 0 ? 2 * Math.max(threads, 1) : prefetch,
          maxPixels);
    }
  }
}
