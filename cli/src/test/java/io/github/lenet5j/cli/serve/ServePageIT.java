package io.github.lenet5j.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lenet5j.data.MnistDataset;
import io.github.lenet5j.data.Split;
import io.github.lenet5j.datasets.FashionMnistSample;
import io.github.lenet5j.model.Activation;
import io.github.lenet5j.model.LeNet5;
import io.github.lenet5j.model.LeNet5Config;
import io.github.lenet5j.model.ModelFile;
import io.github.lenet5j.model.Pooling;
import io.github.lenet5j.model.Predictor;
import io.github.lenet5j.optim.Adam;
import io.github.lenet5j.optim.AdamConfig;
import io.github.lenet5j.train.TrainConfig;
import io.github.lenet5j.train.Trainer;
import io.github.lenet5j.train.TrainingListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The drawing page in a real browser: Debian's headless chromium, driven through /usr/bin/chromedriver by
 * Selenium, draws a pair of trousers on the canvas and sees the predictions and the feature maps appear.
 * Fails under CI=true when chromium or chromedriver is missing, skips elsewhere. Writes target/serve-page.png;
 * with {@code -Dlenet5j.docs.images=true} also docs/images/serve-page.png for the README.
 */
class ServePageIT {
    // Debian's paths; LENET5J_CHROMIUM and LENET5J_CHROMEDRIVER point elsewhere (e.g. a CI runner's Chrome)
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("LENET5J_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("LENET5J_CHROMEDRIVER", "/usr/bin/chromedriver"));

    @TempDir
    Path dir;

    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("chromium or chromedriver is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    }

    /** Trained for two epochs on the bundled Fashion-MNIST sample, so the screenshot shows real guesses. */
    static ModelFile.Loaded trainedModel(Path dir) throws Exception {
        LeNet5 model = new LeNet5(new LeNet5Config(1, 10, Activation.RELU, Pooling.MAX), 0);
        MnistDataset train = FashionMnistSample.load(Split.TRAIN);
        try (Trainer trainer = new Trainer(model, new Adam(model.parameters(), AdamConfig.of(1e-3f)),
                TrainConfig.of(2, 32, 0).withThreads(2))) {
            trainer.fit(train, FashionMnistSample.load(Split.TEST), TrainingListener.NONE);
        }
        Path file = dir.resolve("page-test.safetensors");
        ModelFile.save(model, train.classNames(), file);
        return ModelFile.load(file);
    }

    @Test
    @SuppressWarnings("unchecked")
    void drawingShowsPredictionsAndFeatureMaps() throws Exception {
        requireChromium();
        ModelFile.Loaded model = trainedModel(dir);
        StringWriter log = new StringWriter();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1100,1120");
        try (PredictionServer server = PredictionServer.start(model, ServeOptions.loopback(2, 8), new PrintWriter(log))) {
            ChromeDriver driver = new ChromeDriver(service, options);
            try {
                driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(20));
                driver.manage().window().setSize(new Dimension(1100, 1120));
                driver.get(server.uri().toString());
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
                wait.until(d -> d.findElement(By.id("model")).getText().contains("parameters"));

                // Before the first stroke: the layers' grids, blank, and an example of each class to click.
                wait.until(d -> d.findElements(By.cssSelector("#layer-conv2.placeholder canvas")).size() == 16);
                wait.until(d -> d.findElements(By.cssSelector("#examples canvas")).size() == 10);
                JavascriptExecutor js = driver;
                assertThat((Long) js.executeScript("return new Set(Array.from(document.querySelectorAll("
                        + "'#layer-conv2 canvas'), c => c.getBoundingClientRect().top)).size")).as("conv2 in 2 rows of 8")
                        .isEqualTo(2L);

                WebElement pad = driver.findElement(By.id("pad"));
                drawTrousers(new Actions(driver), pad);
                wait.until(d -> d.findElements(By.cssSelector("#layer-conv2:not(.placeholder) canvas")).size() == 16);
                wait.until(d -> !Boolean.TRUE.equals(js.executeScript("return window.lenet5jBusy()")));

                List<WebElement> rows = driver.findElements(By.cssSelector("#predictions .prediction"));
                assertThat(rows).hasSize(3);
                assertThat(driver.findElements(By.cssSelector("#layer-input canvas"))).hasSize(1);
                assertThat(driver.findElements(By.cssSelector("#layer-conv1 canvas"))).hasSize(6);
                assertThat(driver.findElement(By.id("status")).getText()).isEmpty();

                // The page shows what the library predicts for the pixels the page sent.
                List<Object> sent = (List<Object>) js.executeScript("return window.lenet5j.lastPixels");
                assertThat(sent).hasSize(784);
                float[] drawing = new float[784];
                for (int i = 0; i < 784; i++) {
                    drawing[i] = ((Number) sent.get(i)).floatValue();
                }
                assertThat(drawing).as("the stroke reached the pixels").contains(1f);
                float[] input = PredictionServerTest.padded(drawing);
                int best = new Predictor(model.model()).predict(input);
                assertThat(rows.get(0).getText()).startsWith(model.className(best));

                // A map that is not blank: the canvases hold pixels the server computed.
                Long lit = (Long) js.executeScript("const c = document.querySelectorAll('#layer-conv1 canvas');"
                        + " let n = 0; c.forEach(x => { const d = x.getContext('2d').getImageData(0, 0, x.width, x.height).data;"
                        + " for (let i = 0; i < d.length; i += 4) if (d[i] > 0) n++; }); return n;");
                assertThat(lit).isPositive();

                byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
                Files.createDirectories(Path.of("target"));
                Files.write(Path.of("target/serve-page.png"), png);
                if (Boolean.getBoolean("lenet5j.docs.images")) {
                    Files.copy(Path.of("target/serve-page.png"), Path.of("docs/images/serve-page.png"),
                            StandardCopyOption.REPLACE_EXISTING);
                }

                driver.findElement(By.id("clear")).click();
                assertThat(driver.findElements(By.cssSelector("#predictions .prediction"))).isEmpty();
                assertThat(driver.findElements(By.cssSelector("#layer-conv2.placeholder canvas"))).hasSize(16);

                // An example, clicked, is drawn on the pad and classified.
                long before = (Long) js.executeScript("return window.lenet5j.updates");
                driver.findElements(By.cssSelector("#examples canvas")).get(1).click();
                wait.until(d -> (Long) js.executeScript("return window.lenet5j.updates") > before
                        && !Boolean.TRUE.equals(js.executeScript("return window.lenet5jBusy()")));
                assertThat(driver.findElements(By.cssSelector("#predictions .prediction"))).hasSize(3);
            } finally {
                driver.quit();
            }
        }
        assertThat(log.toString()).as("no internal errors").isEmpty();
    }

    /** Two legs joined at the waist, drawn as one stroke with the mouse (pointer events in the page). */
    private static void drawTrousers(Actions actions, WebElement pad) {
        // Offsets from the canvas's centre; the canvas is 280 x 280 CSS pixels.
        int[][] path = {{-20, 115}, {-35, 20}, {-50, -75}, {-50, -115}, {0, -115}, {50, -115}, {50, -75}, {35, 20},
            {20, 115}};
        actions.moveToElement(pad, path[0][0], path[0][1]).clickAndHold();
        for (int i = 1; i < path.length; i++) {
            int[] from = path[i - 1], to = path[i];
            for (int step = 1; step <= 4; step++) {   // small moves, as a hand makes
                actions.moveByOffset((to[0] - from[0]) * step / 4 - (to[0] - from[0]) * (step - 1) / 4,
                        (to[1] - from[1]) * step / 4 - (to[1] - from[1]) * (step - 1) / 4);
            }
        }
        actions.release().perform();
    }
}
