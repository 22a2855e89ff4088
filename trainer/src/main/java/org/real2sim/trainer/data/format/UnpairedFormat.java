package org.real2sim.trainer.data.format;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.DataException;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;
import org.real2sim.trainer.data.Sample;

/**
 * Unlabeled images in the CycleGAN convention: {@code root/trainA}, {@code trainB}, {@code testA},
 * {@code testB} (images anywhere below each).
 *
 * <p>Without options the splits are {@code trainA, trainB[, testA, testB]} and both train folders
 * are required. With {@code domain=A} (or {@code B}) the data set is that one domain, with splits
 * {@code train[, test]} — the form to use when a domain is the trainer's real or synthetic side.
 */
final class UnpairedFormat implements DatasetFormat {

  @Override
  public String name() {
    return "unpaired";
  }

  @Override
  public String description() {
    return "unlabeled, CycleGAN convention: root/trainA, trainB, testA, testB";
  }

  @Override
  public Map<String, String> options() {
    return Map.of("domain", "A or B: read only that domain, as splits train and test");
  }

  @Override
  public Dataset open(DatasetSpec spec) {
    Path root = Scan.root(spec);
    String domain = spec.options().get("domain");
    if (domain != null && !domain.equals("A") && !domain.equals("B")) {
      throw new DataException("unpaired option 'domain' must be A or B, found '" + domain + "'");
    }
    List<String> domains = domain == null ? List.of("A", "B") : List.of(domain);
    Map<String, List<Sample>> splits = new LinkedHashMap<>();
    for (String phase : List.of("train", "test")) {
      for (String d : domains) {
        Path dir = root.resolve(phase + d);
        if (!Files.isDirectory(dir)) {
          if (phase.equals("train")) {
            throw new DataException(
                "unpaired data set at "
                    + root
                    + " has no split folder "
                    + dir.getFileName()
                    + " (expected trainA/ and trainB/, optionally testA/ and testB/)");
          }
          continue;
        }
        List<Sample> samples = new ArrayList<>();
        for (Path f : Scan.images(dir, true)) {
          samples.add(Sample.unlabeled(Scan.id(root, f), f));
        }
        if (samples.isEmpty()) {
          throw new DataException("unpaired split folder " + dir + " has no *.png or *.jpg images");
        }
        splits.put(domain == null ? phase + d : phase, samples);
      }
    }
    return new Dataset(name(), root, Task.UNLABELED, List.of(), splits, null, 0);
  }
}
