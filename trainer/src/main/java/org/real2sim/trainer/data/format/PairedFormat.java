package org.real2sim.trainer.data.format;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.real2sim.models.expert.Task;
import org.real2sim.trainer.data.Dataset;
import org.real2sim.trainer.data.DatasetSpec;

/**
 * Segmentation in paired folders: {@code root/<split>/images/<stem>.png|jpg} with {@code
 * root/<split>/labels/<stem>.png} (8- or 16-bit ids, single channel or the id in option {@code
 * channel}) and a JSON class map ({@link ClassMap}, default {@code root/classes.json}).
 */
final class PairedFormat implements DatasetFormat {

  @Override
  public String name() {
    return "paired";
  }

  @Override
  public String description() {
    return "segmentation: root/<split>/images/<stem>.png|jpg + labels/<stem>.png + classes.json";
  }

  @Override
  public Map<String, String> options() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        "classMap", "the JSON class map, relative to the root or absolute (default classes.json)");
    m.put("images", "name of the image folder in each split (default images)");
    m.put("labels", "name of the label folder in each split (default labels)");
    m.put("channel", "label image channel holding the id (default 0)");
    m.put("splits", "splits that must exist, comma-separated (e.g. train,val)");
    m.put("coarsen", "odd k >= 3: k x k label majority filter + matching image blur (default off)");
    return m;
  }

  @Override
  public Dataset open(DatasetSpec spec) {
    Path root = Scan.root(spec);
    Path mapFile = root.resolve(spec.option("classMap", ClassMap.FILE_NAME));
    int channel = spec.intOption("channel", 0);
    ClassMap map = ClassMap.read(mapFile);
    return new Dataset(
        name(),
        root,
        Task.SEGMENTATION,
        map.classes(),
        PairedLayout.scan(spec, root),
        map.mapping("class map " + mapFile, channel),
        Scan.coarsen(spec));
  }
}
