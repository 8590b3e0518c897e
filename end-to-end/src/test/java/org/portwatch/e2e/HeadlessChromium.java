package org.portwatch.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven by Debian's {@code chromedriver}, both named by path so that
 * Selenium Manager never runs (it would try to download a browser). Override the paths with
 * {@code -De2e.chromium=...} and {@code -De2e.chromedriver=...}.
 */
final class HeadlessChromium {

    static final String CHROMIUM = System.getProperty("e2e.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /**
     * A new headless browser with a {@code width}×{@code height} window.
     *
     * @throws IllegalStateException naming the packages to install when the browser or driver is missing:
     *         the browser test must fail, not skip, where they are absent
     */
    static ChromeDriver start(int width, int height) {
        for (String binary : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is not installed. The dashboard test needs a real "
                        + "headless Chromium: 'apt-get install chromium chromium-driver' (Debian), or point "
                        + "-De2e.chromium and -De2e.chromedriver at a matching browser and driver.");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--lang=en-GB", "--force-device-scale-factor=1",
                "--no-first-run", "--no-default-browser-check");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        return new ChromeDriver(service, options);
    }
}
