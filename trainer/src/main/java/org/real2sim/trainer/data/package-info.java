/**
 * Data sets: what the trainer reads, independent of layout.
 *
 * <p>A {@link org.real2sim.trainer.data.DatasetSpec} (format name, root, options) is opened by
 * {@code format.Datasets.open(spec)} into a {@link org.real2sim.trainer.data.Dataset}: the {@link
 * org.real2sim.models.expert.Task}, the classes ({@link org.real2sim.trainer.data.ClassInfo}: name
 * and colour), and per split a stable list of {@link org.real2sim.trainer.data.Sample}s (id, image
 * path, label path or class id). Segmentation labels go through a {@link
 * org.real2sim.trainer.data.LabelMapping} (raw id in one channel → class id or 255 = ignore) into
 * one of the {@link org.real2sim.trainer.data.Protocol}s (Cityscapes 19, SYNTHIA 16, CARLA 13
 * classes) or a JSON class map. {@link org.real2sim.trainer.data.LabeledSubset} fixes the few
 * labeled real images of stage c and M3 ({@code labeled_subset.txt}). Errors are {@link
 * org.real2sim.trainer.data.DataException}s naming the file, option or value and what was expected.
 *
 * <p>Sub-packages: {@code format} (one reader per layout), {@code image} (decoding and pixel
 * operations), {@code pipeline} (batches on background threads, validation).
 *
 * <p>Typical use by a training stage:
 *
 * <pre>{@code
 * Dataset real = Datasets.open(DatasetSpec.parse("cityscapes:/data/cs,protocol=synthia16"));
 * ValidationReport report = DatasetValidator.validate(real, List.of("train", "val"),
 *     ImageDecoder.DEFAULT_MAX_PIXELS, 2, ProgressBar.create("validate real", n));
 * real = skipBad ? report.skipBad(real, runDir) : real;  // else report.requireClean()
 * LabeledSubset labeled = LabeledSubset.byFraction(real, "train", 0.05, seed);
 * labeled.write(runDir.resolve(LabeledSubset.FILE_NAME));
 * LoaderConfig cfg = LoaderConfig.builder().training().batchSize(1).resize(1024, 512)
 *     .crop(512, 512).seed(seed).threads(2).build();
 * try (BatchLoader loader = new BatchLoader(real, "train", cfg)) {
 *   Batch b = loader.next();  // b.images(): float[N·H·W·3], b.labels(): int[N·H·W]
 * }
 * }</pre>
 */
package org.real2sim.trainer.data;
