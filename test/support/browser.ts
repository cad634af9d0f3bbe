/**
 * A real browser for the page's tests: Debian's chromium (`.ci/run` installs it with apt when it
 * is missing) driven by puppeteer-core, headless, with every request outside the server under test
 * refused and recorded, so that a test sees the page work with no network beyond the server.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Where Debian's package puts the browser (the binary itself: /usr/bin/chromium is a shell wrapper). */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export function chromiumPath(): string {
  const found = CANDIDATES.find((path): path is string => typeof path === 'string' && existsSync(path));
  if (!found) {
    throw new Error(
      "No chromium found: install Debian's package (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH",
    );
  }
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in a container has no user namespace for chromium's sandbox.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--lang=en-US'],
  });
}

/** A page that refuses, and lists, every request to another origin than `origin`. */
export async function isolatedPage(browser: Browser, origin: string): Promise<{ page: Page; refused: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  const refused: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) void request.continue();
    else {
      refused.push(url);
      void request.abort();
    }
  });
  return { page, refused };
}
