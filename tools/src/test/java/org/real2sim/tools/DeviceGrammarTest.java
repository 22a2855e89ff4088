package org.real2sim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.real2sim.models.nn.TrainingDevice;
import org.real2sim.runtime.Device;

/**
 * Training (tf-models, which cannot see the runtime) and the runtime (which must not see
 * TensorFlow) each parse the device grammar {@code cpu | cuda[:N[,M...]]}; this test, in the one
 * module that sees both, keeps the two parsers reading it alike.
 */
class DeviceGrammarTest {

  private static final List<String> ACCEPTED =
      List.of("cpu", "CPU", "cuda", "cuda:0", "cuda:3", "cuda:0,1", "cuda:2,0,5", "gpu", "gpu:1");

  private static final List<String> REFUSED =
      List.of("", "tpu", "cuda:", "cuda:x", "cuda:-1", "cuda:0,", "cuda:1,1", "cpu:0", "gpu:a");

  @Test
  void bothParsersAcceptTheSameDevicesWithTheSameIndices() {
    for (String s : ACCEPTED) {
      TrainingDevice t = TrainingDevice.parse(s);
      List<Device> r = Device.parseList(s);
      if (t.isCpu()) {
        assertEquals(List.of(Device.CPU), r, s);
      } else {
        assertEquals(t.gpus(), r.stream().map(Device::index).toList(), s);
        r.forEach(d -> assertEquals(Device.Kind.CUDA, d.kind(), s));
      }
      assertEquals(TrainingDevice.deprecation(s).isPresent(), Device.deprecation(s).isPresent(), s);
    }
  }

  @Test
  void bothParsersRefuseTheSameText() {
    for (String s : REFUSED) {
      assertThrows(IllegalArgumentException.class, () -> TrainingDevice.parse(s), s);
      assertThrows(IllegalArgumentException.class, () -> Device.parseList(s), s);
    }
  }
}
