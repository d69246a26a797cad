package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnlabeledImagesTest {

  @TempDir
  Path dir;

  @Test
  void readsAGzippedIdxImageFileScaledToUnitRange() throws Exception {
    byte[] pixels = {0, (byte) 255, 51, 102, 0, 0};
    Path file = dir.resolve("images.gz");
    IdxWriter.writeImages(file, new IdxImages(3, 1, 2, pixels), true);

    UnlabeledImages images = UnlabeledImages.read(file);

    assertThat(images.count()).isEqualTo(3);
    assertThat(images.featureCount()).isEqualTo(2);
    assertThat(images.shape()).isEqualTo(new FeatureShape(1, 1, 2));
    assertThat(images.pixels()).containsExactly(0f, 1f, 0.2f, 0.4f, 0f, 0f);
  }

  @Test
  void aLabelFileIsNotAnImageFile() throws Exception {
    Path file = dir.resolve("labels");
    IdxWriter.writeLabels(file, new int[] {1, 2}, false);

    assertThatThrownBy(() -> UnlabeledImages.read(file)).isInstanceOf(DataException.class)
        .hasMessageStartingWith(file.toString());
  }
}
