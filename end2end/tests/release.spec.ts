import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, Page, test } from '@playwright/test';
import { hydrated, installClock, registerAndConfirm, signIn, uniqueEmail } from './helpers';

// The release moment, for real: entries whose results come out seconds
// from now, loaded through the centre's import while the server runs.
const ROOT = resolve(__dirname, '../..');
const BIN = process.env.SERVER_BIN ?? join(ROOT, 'target/release/server');
/** The server's spread (serve.sh): every page asks within it after zero. */
const SPREAD_MS = 5_000;

/** Loads (or moves) the entry `id` with results out at `release`. */
function loadEntry(id: string, secret: string, release: Date) {
  const dir = mkdtempSync(join(tmpdir(), 'release-'));
  const iso = release.toISOString().replace(/\.\d+Z$/, 'Z');
  writeFileSync(join(dir, 'entries.csv'), `id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at\n${id},${secret},Zoé,Vasseur,B2 First,2026-06-13,${iso}\n`);
  writeFileSync(join(dir, 'results.csv'), `id_number,overall_score,grade,cefr_level,reading,writing,listening,speaking,use_of_english\n${id},179,B,B2,175,174,183,184,\n`);
  const env = { ...process.env, DATABASE_URL: readFileSync(join(ROOT, 'target/e2e-database-url'), 'utf8').trim() };
  execFileSync(BIN, ['import', 'entries', join(dir, 'entries.csv')], { env, stdio: 'ignore' });
  execFileSync(BIN, ['import', 'results', join(dir, 'results.csv')], { env, stdio: 'ignore' });
}

/** A confirmed, signed-in candidate whose results come out `inMs` from now. */
async function waiting(page: Page, id: string, secret: string, inMs: number): Promise<number> {
  loadEntry(id, secret, new Date(Date.now() + 24 * 3600_000));
  await registerAndConfirm(page, id, secret, uniqueEmail(id.toLowerCase()));
  await signIn(page, id);
  const release = Math.ceil((Date.now() + inMs) / 1000) * 1000;
  loadEntry(id, secret, new Date(release));
  return release;
}

/** Times at which `page` asked the server for the results page. */
function asksOf(page: Page): number[] {
  const asks: number[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/results') asks.push(Date.now());
  });
  return asks;
}

test('a browser whose clock is 20 s fast asks a handful of times, and shows the scores after the release without a reload', async ({ page }) => {
  const release = await waiting(page, 'PWT000020', '5150', 25_000);
  await installClock(page, Date.now() + 20_000);
  const asks = asksOf(page);
  let navigations = 0;
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations++;
  });
  await page.goto('/results');
  await hydrated(page);
  // The countdown is the server's: about 20 s left, not 0.
  await expect(page.locator('.countdown')).toHaveText(/0 d 0 h 0 min (1\d|2\d) s/);

  await page.waitForTimeout(release - Date.now() - 500);
  expect(asks.length, 'requests for the results before the release').toBeLessThanOrEqual(3);
  await expect(page.locator('#overall-score')).toHaveText('179', { timeout: SPREAD_MS + 10_000 });
  expect(navigations, 'the scores came without loading the page again').toBe(1);
  expect(asks.length, 'requests in all').toBeLessThanOrEqual(4);
  await expect(page.getByRole('heading', { level: 2, name: 'Statement of results' })).toBeFocused();
});

test('pages waiting together spread their first ask over the spread window', async ({ page, context }) => {
  const release = await waiting(page, 'PWT000021', '5251', 12_000);
  const pages = [page, ...(await Promise.all([1, 2, 3, 4, 5].map(() => context.newPage())))];
  const asks = pages.map(asksOf);
  for (const p of pages) {
    await p.goto('/results');
    await hydrated(p);
  }
  for (const p of pages) await expect(p.locator('#overall-score')).toHaveText('179', { timeout: 30_000 });
  // The first ask of each page after its own load.
  const firsts = asks.map((a) => a[1]);
  for (const at of firsts) {
    expect(at).toBeGreaterThanOrEqual(release - 1_000);
    expect(at).toBeLessThanOrEqual(release + SPREAD_MS + 2_000);
  }
  expect(Math.max(...firsts) - Math.min(...firsts), 'not all at the same moment').toBeGreaterThanOrEqual(500);
});

test('a waiting page keeps its candidate signed in past the idle timeout, and offers the release for a calendar', async ({ page }) => {
  await waiting(page, 'PWT000022', '5352', 2 * 3600_000);
  await installClock(page);
  await page.goto('/results');
  await hydrated(page);
  const dialog = page.getByRole('alertdialog', { name: 'Are you still there?' });
  for (let i = 0; i < 2; i++) {
    const kept = page.waitForResponse((r) => r.url().includes('keep_waiting'));
    await page.clock.fastForward('28:05');
    const answer = await kept;
    expect(answer.status()).toBe(200);
    expect(await answer.text()).toBe('true');
    await expect(dialog).toBeHidden();
  }
  await page.clock.fastForward('02:00');
  await expect(page).toHaveURL(/\/results$/);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Add the release time to your calendar (.ics file)' }).click();
  const file = await (await download).path();
  const ics = readFileSync(file, 'utf8');
  expect(ics).toContain('BEGIN:VEVENT');
  expect(ics).toContain('SUMMARY:Your B2 First results are available');
  expect(ics).toMatch(/DTSTART:\d{8}T\d{6}Z/);

  // Anywhere else the idle warning comes as usual.
  await page.goto('/account');
  await hydrated(page);
  await page.clock.fastForward('28:05');
  await expect(dialog).toBeVisible();
});
