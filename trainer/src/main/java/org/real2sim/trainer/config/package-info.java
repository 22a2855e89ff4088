/**
 * The run configuration: Jackson-bound records validated in their constructors ({@link
 * org.real2sim.trainer.config.RunConfig} and its sections), loaded by {@link
 * org.real2sim.trainer.config.ConfigLoader} from defaults, a preset, files and {@code --set}
 * overrides (merged strictly: unknown keys fail), and written or listed as text by {@link
 * org.real2sim.trainer.config.ConfigText}.
 */
package org.real2sim.trainer.config;
