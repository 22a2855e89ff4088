package org.real2sim.trainer.run;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The serialized {@code Summary} of TensorBoard's HParams plugin for one run: tag {@code
 * _hparams_/session_start_info}, plugin {@code hparams}, content an {@code HParamsPluginData}
 * (version 0) holding a {@code SessionStartInfo} with the hyperparameters as {@code
 * google.protobuf.Value}s. Field numbers follow TensorBoard's {@code plugin_data.proto} and
 * protobuf's {@code struct.proto}.
 */
final class HParams {

  /** The summary tag TensorBoard's HParams plugin reads session starts from. */
  static final String SESSION_START_TAG = "_hparams_/session_start_info";

  /** The plugin name. */
  static final String PLUGIN = "hparams";

  private HParams() {}

  /** The serialized Summary for {@code hparams}, started at {@code startSeconds}. */
  static byte[] sessionStartSummary(Map<String, ?> hparams, double startSeconds) {
    Summary s =
        Summary.newBuilder()
            .addValue(
                Summary.Value.newBuilder()
                    .setTag(SESSION_START_TAG)
                    .setMetadata(
                        SummaryMetadata.newBuilder()
                            .setPluginData(
                                SummaryMetadata.PluginData.newBuilder()
                                    .setPluginName(PLUGIN)
                                    .setContent(
                                        ByteString.copyFrom(pluginData(hparams, startSeconds)))))
                    // TensorBoard's writer attaches an empty float tensor as the value.
                    .setTensor(
                        TensorProto.newBuilder()
                            .setDtype(DataType.DT_FLOAT)
                            .setTensorShape(TensorShapeProto.getDefaultInstance())
                            .addFloatVal(0f)))
            .build();
    return s.toByteArray();
  }

  /** {@code HParamsPluginData{version: 0, session_start_info (3): SessionStartInfo}}. */
  static byte[] pluginData(Map<String, ?> hparams, double startSeconds) {
    return encode(
        out -> {
          out.writeInt32(1, 0);
          out.writeByteArray(3, sessionStartInfo(hparams, startSeconds));
        });
  }

  /** {@code SessionStartInfo{hparams (1): map<string, Value>, start_time_secs (5)}}. */
  private static byte[] sessionStartInfo(Map<String, ?> hparams, double startSeconds) {
    return encode(
        out -> {
          for (Map.Entry<String, ?> e : hparams.entrySet()) {
            byte[] entry =
                encode(
                    m -> {
                      m.writeString(1, e.getKey());
                      m.writeByteArray(2, value(e.getValue()));
                    });
            out.writeByteArray(1, entry);
          }
          out.writeDouble(5, startSeconds);
        });
  }

  /** {@code google.protobuf.Value}: number_value (2), string_value (3) or bool_value (4). */
  private static byte[] value(Object v) {
    return encode(
        out -> {
          if (v instanceof Boolean b) {
            out.writeBool(4, b);
          } else if (v instanceof Number n) {
            out.writeDouble(2, n.doubleValue());
          } else {
            out.writeString(3, String.valueOf(v));
          }
        });
  }

  private interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] encode(Body body) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(b);
      body.write(out);
      out.flush();
      return b.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
