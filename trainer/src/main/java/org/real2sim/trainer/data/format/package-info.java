/**
 * Readers for the supported data set layouts, chosen by name through {@link
 * org.real2sim.trainer.data.format.Datasets#open(org.real2sim.trainer.data.DatasetSpec)}.
 *
 * <table>
 *   <caption>Formats and their options</caption>
 *   <tr><th>name</th><th>layout</th><th>options</th></tr>
 *   <tr><td>imagefolder</td><td>{@code root/<split>/<class>/*.png|jpg}</td>
 *       <td>{@code classes, splits}</td></tr>
 *   <tr><td>paired</td><td>{@code root/<split>/images/<stem>.png|jpg} +
 *       {@code root/<split>/labels/<stem>.png} (8/16-bit ids) + {@code root/classes.json}</td>
 *       <td>{@code classMap, images, labels, channel, splits, coarsen}</td></tr>
 *   <tr><td>unpaired</td><td>{@code root/trainA, trainB, testA, testB}</td>
 *       <td>{@code domain}</td></tr>
 *   <tr><td>cityscapes</td><td>{@code leftImg8bit/<split>/<city>/*_leftImg8bit.png} +
 *       {@code gtFine/.../*_gtFine_labelIds.png}</td><td>{@code protocol, splits}</td></tr>
 *   <tr><td>synthia</td><td>{@code [RAND_CITYSCAPES/]RGB/*.png} + {@code GT/LABELS/*.png}
 *       (16-bit, id in channel 0)</td><td>{@code protocol, holdout, val, coarsen}</td></tr>
 *   <tr><td>carla</td><td>{@code root/<split>/images/*.png} + {@code root/<split>/labels/*.png}
 *       (tag in the red channel)</td>
 *       <td>{@code version} (required), {@code images, labels, splits, coarsen}</td></tr>
 *   <tr><td>sketchy</td><td>{@code [rendered_256x256/]256x256/{photo,sketch}/<transform>/<class>/}
 *       + {@code info/invalid-*.txt}</td>
 *       <td>{@code domain} (required), {@code classes, valPerClass, seed, transform}</td></tr>
 * </table>
 *
 * <p>Every reader lists files in a stable order (sorted by relative path), fails on a missing root,
 * split, class folder or label file with a message naming it, and rejects unknown options.
 */
package org.real2sim.trainer.data.format;
