package dev.topiary.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topiary.core.testing.TinyNetworks;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkModelOwnershipTest {

  private static MultiLayerNetwork usersNetwork() {
    // a network the caller built and keeps: taken out of a handle that is never closed
    return TinyNetworks.mlp(3, 4, 5, 2).network();
  }

  private static INDArray input() {
    return Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 4);
  }

  @Test
  void aBorrowedNetworkStaysUsableAfterTheHandleIsClosed() {
    MultiLayerNetwork trained = usersNetwork();
    INDArray x = input();
    INDArray mask = Nd4j.ones(4, 5);
    mask.putScalar(0, 0, 0);
    try (NetworkModel model = NetworkModel.borrow(trained)) {
      assertThat(model.ownsNetwork()).isFalse();
      model.setMask("0_W", mask);
    }
    // the masking changed the weights in place, and the network still computes
    assertThat(trained.getParam("0_W").getDouble(0, 0)).isZero();
    assertThat(trained.output(x).shape()).containsExactly(3, 2);
    trained.fit(x, Nd4j.createFromArray(new float[][] {{1, 0}, {0, 1}, {1, 0}}));
    assertThat(trained.output(x).shape()).containsExactly(3, 2);
  }

  @Test
  void aCopyLeavesTheCallersNetworkUntouchedAndUsable() {
    MultiLayerNetwork trained = usersNetwork();
    INDArray before = trained.params().dup();
    INDArray mask = Nd4j.zeros(4, 5);
    try (NetworkModel model = NetworkModel.copyOf(trained)) {
      assertThat(model.ownsNetwork()).isTrue();
      assertThat(model.network()).isNotSameAs(trained);
      model.setMask("0_W", mask);
    }
    assertThat(trained.params()).isEqualTo(before);
    assertThat(trained.output(input()).shape()).containsExactly(3, 2);
  }

  @Test
  void theDeprecatedFactoryBorrows() {
    MultiLayerNetwork trained = usersNetwork();
    @SuppressWarnings("removal")
    NetworkModel model = NetworkModel.of(trained);
    model.close();
    assertThat(trained.output(input()).shape()).containsExactly(3, 2);
  }

  @Test
  void anOwningHandleIsClosedWithItsNetworkAndCopiesAlwaysOwn() {
    try (NetworkModel borrowed = NetworkModel.borrow(usersNetwork()); NetworkModel copy = borrowed.copy()) {
      assertThat(copy.ownsNetwork()).isTrue();
    }
    NetworkModel owning = NetworkModel.owning(usersNetwork());
    assertThat(owning.ownsNetwork()).isTrue();
    owning.close();
    assertThatThrownBy(owning::network).isInstanceOf(IllegalStateException.class).hasMessage("model handle is closed");
  }

  @Test
  void nullIsRejectedByEveryFactory() {
    assertThatThrownBy(() -> NetworkModel.borrow(null)).hasMessage("network must not be null");
    assertThatThrownBy(() -> NetworkModel.copyOf(null)).hasMessage("network must not be null");
    assertThatThrownBy(() -> NetworkModel.owning(null)).hasMessage("network must not be null");
  }
}
