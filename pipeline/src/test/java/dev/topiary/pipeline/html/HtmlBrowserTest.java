package dev.topiary.pipeline.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens {@code report.html} in headless Chromium (the Debian {@code chromium} package; CI installs
 * it): the DOM holds the table and the charts, the browser logs no console error, and the
 * screenshot is not blank where the charts are. Skipped, with a message, where Chromium is absent.
 */
class HtmlBrowserTest {

  @TempDir
  Path dir;

  static Path chromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    return null;
  }

  private String browse(Path chrome, Path page, String... mode) throws Exception {
    List<String> command = new ArrayList<>(List.of(chrome.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0", "--user-data-dir="
            + dir.resolve("profile")));
    command.addAll(List.of(mode));
    command.add(page.toUri().toString());
    Path output = dir.resolve("out-" + mode[0].replaceAll("[^a-z]", "") + ".txt");
    Path errors = dir.resolve("err-" + mode[0].replaceAll("[^a-z]", "") + ".txt");
    Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile())
        .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s: " + command);
    }
    String log = Files.readString(errors, StandardCharsets.UTF_8);
    assertThat(log).as("chromium's console").doesNotContain("CONSOLE").doesNotContain("Uncaught");
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  @Test
  void chromiumRendersTheTableAndTheCharts() throws Exception {
    Path chrome = chromium();
    Assumptions.assumeTrue(chrome != null, "skipped: headless Chromium is not installed (apt-get install -y "
        + "chromium); CI installs it and runs this check");
    Path page = Files.writeString(dir.resolve("report.html"), HtmlReport.run(HtmlReportTest.reportWithLayers()));

    String dom = browse(chrome, page, "--dump-dom");
    Path screenshot = dir.resolve("report.png");
    browse(chrome, page, "--screenshot=" + screenshot, "--window-size=1400,2600", "--hide-scrollbars");

    assertThat(dom).contains("<table id=\"models\">", "<td>shrink</td>", "id=\"chart-accuracy-size\"",
        "id=\"chart-accuracy-latency\"", "id=\"chart-loss\"", "id=\"chart-sparsity\"", "id=\"chart-bits\"",
        "id=\"chart-class-delta\"", "<ul id=\"provenance\">");
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image.getWidth()).isEqualTo(1400);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours).as("distinct colours of the screenshot (charts drawn)").hasSizeGreaterThan(20);
    Path keep = Path.of("target", "html-browser-test");
    Files.createDirectories(keep);
    Files.copy(screenshot, keep.resolve("report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(page, keep.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
