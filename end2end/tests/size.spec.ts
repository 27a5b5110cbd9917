import { expect, test } from '@playwright/test';
import { hydrated, registerAndConfirm, signIn, uniqueEmail } from './helpers';

/** JS + WASM + CSS on the wire for a first visit of a page (the login page's passkey script included). */
const BUDGET_BYTES = 150 * 1024;

type Download = { url: string; encoding: string; fromCache: boolean; bytes: number };

/** The built files, and the passkey script the login and account pages load. */
const counted = (url: string) => url.includes('/pkg/') || new URL(url).pathname === '/passkey.js';

/**
 * Every file under /pkg (and the passkey script) the page downloads, with what crossed the wire
 * (Chromium's own count, compressed body and headers), and whether the
 * browser took it from its cache instead.
 */
async function pkgDownloads(page: import('@playwright/test').Page, load: () => Promise<void>): Promise<Download[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const seen = new Map<string, Download>();
  // Announced before the response when a file comes from the memory cache.
  const servedFromCache = new Set<string>();
  cdp.on('Network.responseReceived', (e) => {
    if (!counted(e.response.url)) return;
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    seen.set(e.requestId, {
      url: e.response.url,
      encoding: headers['content-encoding'] ?? 'identity',
      fromCache: servedFromCache.has(e.requestId) || !!(e.response.fromDiskCache || e.response.fromMemoryCache),
      bytes: 0,
    });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    servedFromCache.add(e.requestId);
    const d = seen.get(e.requestId);
    if (d) d.fromCache = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const d = seen.get(e.requestId);
    if (d) d.bytes = e.encodedDataLength;
  });
  await load();
  await hydrated(page);
  await cdp.detach();
  return [...seen.values()];
}

test('a first visit of the login, register and results pages downloads at most 150 KB of code and style, and the next visit none', async ({ browser }, testInfo) => {
  const report: string[] = [];
  for (const path of ['/login', '/register', '/results']) {
    // A new context: an empty cache, as on a candidate's phone the first time.
    const context = await browser.newContext();
    const page = await context.newPage();
    if (path === '/results') {
      // Registered elsewhere, so that this browser's cache stays empty.
      const elsewhere = await browser.newContext();
      await registerAndConfirm(await elsewhere.newPage(), 'PWT000016', '4217', uniqueEmail('arthur'));
      await elsewhere.close();
      await signIn(page, 'PWT000016');
    }
    const first = await pkgDownloads(page, async () => {
      await page.goto(path);
    });
    const kinds = first.map((d) => d.url.split('.').pop());
    // Only the login page (and the account page) loads the passkey script.
    const expected = path === '/login' ? ['css', 'js', 'js', 'wasm'] : ['css', 'js', 'wasm'];
    expect(kinds.sort(), `${path}: the page's code and style`).toEqual(expected);
    for (const d of first) {
      expect(d.fromCache, `${d.url} on a first visit`).toBe(false);
      expect(['br', 'gzip'], `${d.url} is sent compressed`).toContain(d.encoding);
    }
    const total = first.reduce((sum, d) => sum + d.bytes, 0);
    report.push(`${path}: ${first.map((d) => `${d.url.split('/').pop()} ${d.bytes} B (${d.encoding})`).join(', ')}; total ${total} B`);
    expect(total, `${path}: bytes on the wire`).toBeLessThanOrEqual(BUDGET_BYTES);

    // The next page takes every file from the cache: their names change only
    // with their content, so the server lets them be kept for good.
    const again = await pkgDownloads(page, async () => {
      await page.goto('/terms');
    });
    expect(again.length, 'the next page uses the same files').toBe(3);
    for (const d of again) {
      expect(d.fromCache, `${d.url} downloaded again`).toBe(true);
    }
    await context.close();
  }
  await testInfo.attach('bytes on the wire', { body: report.join('\n'), contentType: 'text/plain' });
  console.log(report.join('\n'));
});
