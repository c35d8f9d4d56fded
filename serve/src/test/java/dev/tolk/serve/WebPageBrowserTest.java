package dev.tolk.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser: Debian's headless Chromium driven by Selenium. Types a sentence, waits for the
 * translation, checks it against the API and checks that the attention heatmap has one row per target symbol;
 * keeps a screenshot in {@code target/screenshots/}. Skipped when Chromium or ChromeDriver is not installed
 * ({@code apt-get install chromium chromium-driver}; CI installs them).
 */
class WebPageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path profile;

    private TranslationServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        server = TranslationServer.start(
                Seq2SeqTranslator.load(TinyModel.dir()),
                ServeConfig.builder().port(0).build());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=1280,1400");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 1400));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void translatesATypedSentenceAndShowsItsAttention() throws Exception {
        List<String> sentences = TinyModel.testSentences();
        String sentence = sentences.get(0);
        browser.get(server.uri().toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("model-name"), "parameters"));
        assertTrue(browser.findElement(By.id("provenance")).getText().contains("corpus SHA-256"));

        WebElement source = browser.findElement(By.id("source"));
        source.sendKeys(sentence + "\n" + sentences.get(1));
        WebElement beam = browser.findElement(By.id("beam"));
        beam.clear();
        beam.sendKeys("3");
        WebElement nbest = browser.findElement(By.id("nbest"));
        nbest.clear();
        nbest.sendKeys("2");
        browser.findElement(By.id("translate")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#results > li"), 2));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("attention-panel")));

        JsonNode api = Http.post(
                        server.uri(),
                        "/v1/translate",
                        "{\"text\": [" + quote(sentence) + "], \"beam\": 3, \"nbest\": 2, \"attention\": true}")
                .json()
                .get("translations")
                .get(0);
        WebElement first = browser.findElement(By.cssSelector("#results > li:first-child"));
        assertEquals(sentence, first.findElement(By.className("source")).getText());
        String shown = first.findElement(By.cssSelector(".translation .text")).getText();
        assertEquals(api.get("translation").asText(), shown);
        assertTrue(shown.length() > 3, shown);
        assertEquals(1, first.findElements(By.cssSelector("ol.nbest > li")).size(), "the second-best hypothesis");

        JsonNode target = api.get("attention").get("target");
        List<WebElement> rows = browser.findElements(By.cssSelector("#heatmap tbody tr"));
        assertEquals(target.size(), rows.size(), "one heatmap row per target word");
        for (int r = 0; r < rows.size(); r++) {
            assertEquals(
                    AttentionMap.label(target.get(r).asText()),
                    rows.get(r).findElement(By.tagName("th")).getText());
            assertEquals(
                    api.get("attention").get("source").size(),
                    rows.get(r).findElements(By.tagName("td")).size(),
                    "one cell per source word");
        }
        Files.createDirectories(SCREENSHOTS);
        Path shot = SCREENSHOTS.resolve("web-page.png");
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        assertTrue(Files.size(shot) > 10_000, "a real screenshot");
    }

    private static String quote(String s) {
        return new com.fasterxml.jackson.databind.node.TextNode(s).toString();
    }
}
