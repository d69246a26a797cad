package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ModelSurgery#layerViews}: every layer's parameters, read only. */
class LayerViewsTest {

  @Test
  void everyLayerIsDescribedAndInt8ParametersAreTheOnesTheLayerRuns() {
    float[] conv = new float[2 * 1 * 2 * 2];
    for (int i = 0; i < conv.length; i++) {
      conv[i] = (i % 5 - 2) * 0.1f;
    }
    float[] dense = new float[3 * 8];
    for (int i = 0; i < dense.length; i++) {
      dense[i] = (i % 7 - 3) * 0.05f;
    }
    RuntimeModel fp32 = RuntimeModel.builder(1, 4, 4)
        .scaleInput(0.5f, 2f)
        .conv2d(2, Window.of(2, 2).pad(0, 0, 1, 1), conv, new float[] {0.1f, -0.1f}, Activation.RELU,
            KernelKind.DENSE)
        .avgPool(Window.of(2, 2).stride(2, 2), true)
        .flatten()
        .dense(3, dense, new float[] {0, 0.5f, 1}, Activation.IDENTITY, KernelKind.DENSE)
        .activation(Activation.SOFTMAX)
        .build();
    byte[] codes = new byte[24];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = (byte) (i % 7 - 3);
    }
    RuntimeModel model = ModelSurgery.replace(fp32, Map.of(4, new ModelSurgery.Int8Replacement(0.02f, -100,
        new float[] {0.01f, 0.02f, 0.03f}, codes, new float[] {0, 0.5f, 1}, true)));

    List<ModelSurgery.LayerView> views = ModelSurgery.layerViews(model);

    assertThat(views).extracting(ModelSurgery.LayerView::type)
        .containsExactly("scale", "conv2d", "avgpool", "flatten", "dense", "activation");
    ModelSurgery.LayerView scale = views.get(0);
    assertThat(scale.offset()).containsExactly(0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f,
        0.5f, 0.5f, 0.5f, 0.5f);
    assertThat(scale.scale()[15]).isEqualTo(2f);
    scale.offset()[0] = 99;
    assertThat(scale.offset()[0]).isEqualTo(0.5f);
    ModelSurgery.LayerView convolution = views.get(1);
    assertThat(convolution.int8()).isNull();
    assertThat(convolution.window()).isEqualTo(Window.of(2, 2).pad(0, 0, 1, 1));
    assertThat(convolution.activation()).isEqualTo(Activation.RELU);
    assertThat(convolution.weighted().weights()).containsExactly(conv);
    assertThat(views.get(2).window()).isEqualTo(Window.of(2, 2).stride(2, 2));
    assertThat(views.get(2).countIncludesPad()).isTrue();
    assertThat(views.get(3).inputShape()).containsExactly(2, 2, 2);
    ModelSurgery.LayerView int8 = views.get(4);
    assertThat(int8.kernel()).isEqualTo(KernelKind.SPARSE_INT8);
    assertThat(int8.int8().inputScale()).isEqualTo(0.02f);
    assertThat(int8.int8().inputZeroPoint()).isEqualTo(-100);
    assertThat(int8.int8().weightScales()).containsExactly(0.01f, 0.02f, 0.03f);
    assertThat(int8.int8().codes()).containsExactly(codes);
    assertThat(int8.int8().bias()).containsExactly(0, 0.5f, 1);
    assertThat(int8.int8().dynamic()).isFalse();
    int8.int8().codes()[0] = 100;
    assertThat(int8.int8().codes()[0]).isEqualTo(codes[0]);
    assertThat(views.get(5).activation()).isEqualTo(Activation.SOFTMAX);
    assertThat(views.get(5).weighted()).isNull();
  }
}
