import AxeBuilder from '@axe-core/playwright';
import { Browser, expect, Page, TestInfo } from '@playwright/test';

export const PASSWORD = 'resultats69';

/** A fresh address per run, so mail from earlier runs never matches. */
export function uniqueEmail(name: string): string {
  return `${name}.${Date.now()}@example.com`;
}

/** Waits until the WASM has hydrated the page, so typing reaches the live form. */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** Saves a full-page screenshot as a test artifact. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

type MailDevEmail = { to: { address: string }[]; subject: string; text: string; html: string };

/** The confirmation link sent to `address`, read through MailDev's REST API. */
export async function confirmationLink(page: Page, address: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const res = await page.request.get('http://127.0.0.1:1080/api/email');
      const mails = (await res.json()) as MailDevEmail[];
      const mine = mails.filter((m) => m.to.some((t) => t.address === address));
      const last = mine[mine.length - 1];
      link = last?.text.match(/https?:\/\/\S+\/confirm\?token=[0-9a-f]+/)?.[0];
      return link;
    }, { timeout: 15_000 })
    .toBeTruthy();
  return link!;
}

export async function register(page: Page, id: string, secret: string, email: string) {
  await page.getByLabel('ID Number').fill(id);
  await page.getByLabel('Secret Number').fill(secret);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm Password').fill(PASSWORD);
  await page.getByLabel('I agree to the terms of use').check();
  await page.getByRole('button', { name: 'Register' }).click();
}

export async function logIn(page: Page, id: string, password = PASSWORD) {
  await page.getByLabel('ID Number').fill(id);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Script calls come from the site itself, as the server checks (CSRF). */
const SAME_SITE = { origin: `http://localhost:${process.env.E2E_PORT ?? 3100}` };

/** Registers `id` through the API and follows the emailed link in `page`. */
export async function registerAndConfirm(page: Page, id: string, secret: string, email: string) {
  const res = await page.request.post('/api/register', {
    headers: SAME_SITE,
    form: { id_number: id, secret_number: secret, email, password: PASSWORD, confirm_password: PASSWORD, terms: 'on' },
  });
  // 409: an earlier attempt of this run already registered it.
  expect([200, 409]).toContain(res.status());
  if (res.status() === 200) await page.goto(await confirmationLink(page, email));
}

/** Signs the page's browser context in, as the login form would. */
export async function signIn(page: Page, id: string) {
  const res = await page.request.post('/api/login', { headers: SAME_SITE, form: { id_number: id, password: PASSWORD } });
  expect(res.status()).toBe(200);
}

/**
 * The page passes axe's WCAG 2.2 A/AA rules, needs no horizontal scrolling,
 * and is saved as a full-page screenshot.
 */
export async function checkPage(page: Page, testInfo: TestInfo, name: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  // Guard against a vacuous pass: axe must have checked this page.
  expect(results.passes.length, `${name}: axe ran no rule`).toBeGreaterThan(10);
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(found, `${name}: accessibility violations`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name}: horizontal scrolling`).toBeLessThanOrEqual(0);
  await snap(page, testInfo, name);
}

/**
 * Installs Playwright's fake clock, with browser-sized timer ids. The fake
 * clock numbers its timers from 1e12, but a browser's are WebIDL `long`s,
 * which is how the app's WebAssembly (web-sys) reads them: a 1e12 id comes
 * back truncated, its clearTimeout misses, and a timer the app cancelled
 * would still fire. Ids from 1 keep the fake clock true to a real browser.
 */
export async function installClock(page: Page, time?: number) {
  await page.clock.install(time === undefined ? undefined : { time });
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, (...args: unknown[]) => unknown>;
    const ids = new Map<unknown, unknown>();
    let next = 1;
    for (const [set, clear] of [
      ['setTimeout', 'clearTimeout'],
      ['setInterval', 'clearInterval'],
    ]) {
      const [fakeSet, fakeClear] = [w[set], w[clear]];
      w[set] = (...args) => {
        const id = next++;
        ids.set(id, fakeSet(...args));
        return id;
      };
      w[clear] = (id) => {
        if (ids.has(id)) fakeClear(ids.get(id));
        ids.delete(id);
      };
    }
  });
}

/** A second browser signed in to `id`, on its results page. */
export async function signedInElsewhere(browser: Browser, id: string) {
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, id);
  await otherPage.goto('/results');
  await expect(otherPage).toHaveURL(/\/results$/);
  return { other, otherPage };
}
