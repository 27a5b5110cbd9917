import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, expect, Page, test } from '@playwright/test';
import { checkPage, confirmationLink, register, uniqueEmail } from './helpers';

// The centre portal: an officer invited from the command line signs in
// with a password and an authenticator app's code, uploads a file with a
// bad row, sees it in the preview, fixes it, imports it, and reads the
// audit log; a candidate of the centre then registers with the imported
// Secret Number.
const ROOT = resolve(__dirname, '../..');
const BIN = process.env.SERVER_BIN ?? join(ROOT, 'target/release/server');
const PORT = process.env.E2E_PORT ?? 3100;
const CENTRE = 'FR-E2E-01';
const STAFF_PASSWORD = 'portail-2026-centre';
const HEADER = 'id_number,secret_number,given_name,family_name,exam,exam_date,results_release_at';

/** The server's command line on the browser tests' database. */
function server(args: string[]): string {
  const env = {
    ...process.env,
    DATABASE_URL: readFileSync(join(ROOT, 'target/e2e-database-url'), 'utf8').trim(),
    PUBLIC_URL: `http://localhost:${PORT}`,
  };
  return execFileSync(BIN, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The centre, once per server run. */
function ensureCentre() {
  try {
    server(['centre', 'add', CENTRE, '--name', 'Lycée Molière', '--time-zone', 'Europe/Paris']);
  } catch (e) {
    expect(String((e as { stderr?: string }).stderr)).toContain('exists already');
  }
}

/** An RFC 6238 code for a base-32 secret, as an authenticator app works it out. */
function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret.replace(/[\s=]/g, '').toUpperCase()].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at4 = mac[mac.length - 1] & 0xf;
  const n = ((mac[at4] & 0x7f) << 24) | (mac[at4 + 1] << 16) | (mac[at4 + 2] << 8) | mac[at4 + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

type MailDevEmail = { to: { address: string }[]; text: string };

/** The invitation link emailed to `address`. */
async function invitationLink(page: Page, address: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const mails = (await (await page.request.get('http://127.0.0.1:1080/api/email')).json()) as MailDevEmail[];
      const mine = mails.filter((m) => m.to.some((t) => t.address === address));
      link = mine[mine.length - 1]?.text.match(/https?:\/\/\S+\/centre\/invitation\?token=[0-9a-f]+/)?.[0];
      return link;
    }, { timeout: 20_000 })
    .toBeTruthy();
  return link!;
}

/** Invites an officer, sets the password, signs in and adds the app. */
async function officer(page: Page, check: (name: string) => Promise<void>): Promise<string> {
  ensureCentre();
  const email = uniqueEmail('officer');
  expect(server(['staff', 'add', '--centre', CENTRE, '--email', email, '--lang', 'en'])).toContain('Invited');
  await page.goto(await invitationLink(page, email));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose your password');
  await check('centre-invitation');
  await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
  await page.getByLabel('Confirm Password').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Set my password' }).click();
  await expect(page).toHaveURL(/\/centre\/login\?invited=done$/);
  await check('centre-login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/centre\/second-factor$/);
  await expect(page.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  await check('centre-second-factor-add');
  const secret = (await page.locator('#totp-secret').textContent()) ?? '';
  await page.getByLabel('Code', { exact: true }).fill('000000' === totp(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Add the app' }).click();
  await expect(page.locator('#code-error')).toContainText('This code is not right');
  await page.getByLabel('Code', { exact: true }).fill(totp(secret));
  await page.getByRole('button', { name: 'Add the app' }).click();
  await expect(page.locator('#recovery-codes li')).toHaveCount(10);
  await check('centre-recovery-codes');
  await page.getByRole('link', { name: 'Continue to the portal' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lycée Molière');
  return email;
}

async function upload(page: Page, kind: 'Entries' | 'Results', name: string, body: string) {
  await page.getByRole('radio', { name: new RegExp(kind) }).check();
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(body) });
  await page.getByRole('button', { name: 'Check the file' }).click();
}

async function journey(browser: Browser, javaScriptEnabled: boolean, exam: string, ids: [string, string], check: (page: Page, name: string) => Promise<void>) {
  const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled });
  const page = await context.newPage();
  const email = await officer(page, (name) => check(page, name));
  await check(page, 'centre-home');
  await page.getByRole('link', { name: 'Upload a file' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Upload entries or results');
  await check(page, 'centre-upload');

  // Excel in French: semicolons, a byte order mark, CRLF; one Secret Number too short.
  const release = '2027-07-12T10:00:00+02:00';
  const rows = (second: string) =>
    `\uFEFF${HEADER.replaceAll(',', ';')}\r\n${ids[0]};4455;Chloé;Girard;${exam};2026-06-13;${release}\r\n${ids[1]};${second};Hugo;Roux;${exam};2026-06-13;${release}\r\n`;
  await upload(page, 'Entries', 'inscriptions.csv', rows('55'));
  await expect(page.locator('#preview-summary')).toHaveText('2 rows: 1 new, 0 updated, 1 with problems');
  await expect(page.locator('#preview-table tr.row-problem')).toContainText('secret_number: Enter the four digits of your Secret Number.');
  await expect(page.getByRole('button', { name: 'Import' })).toHaveCount(0);
  await check(page, 'centre-preview-problem');

  await upload(page, 'Entries', 'inscriptions.csv', rows('5566'));
  await expect(page.locator('#preview-summary')).toHaveText('2 rows: 2 new, 0 updated, 0 with problems');
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.locator('#imported')).toHaveText('2 rows imported: 2 new, 0 updated');

  // A candidate who lost the Secret Number gets a new one, shown once.
  await page.getByRole('link', { name: 'Candidates' }).first().click();
  await page.getByLabel('ID Number or name').fill(ids[0]);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('#candidates tbody tr')).toHaveCount(1);
  await expect(page.locator('#candidates')).toContainText('Not registered');
  await check(page, 'centre-candidates');
  await page.getByRole('button', { name: `New Secret Number Chloé Girard (${ids[0]})` }).click();
  await expect(page.locator('#new-secret')).toContainText(`New Secret Number for Chloé Girard (${ids[0]}):`);
  await expect(page.locator('#new-secret .secret-number')).toHaveText(/^\d{4}$/);

  // The session's results come out a day later, said in the centre's zone.
  await page.getByRole('link', { name: 'Release times' }).first().click();
  const session = page.getByRole('region', { name: `${exam} — 2026-06-13` });
  await expect(session).toContainText('2 candidates; results visible from 2027-07-12 10:00 (Europe/Paris).');
  await check(page, 'centre-release');
  await session.getByLabel('New release time (Europe/Paris)').fill('2027-07-13T10:00');
  await session.getByRole('button', { name: 'Change the release time' }).click();
  await expect(page.locator('#release-done')).toHaveText(`${exam}: 2 candidates; results will be visible from 2027-07-13 10:00 (Europe/Paris).`);

  await page.getByRole('link', { name: 'Audit log' }).first().click();
  const log = page.locator('#audit-log');
  for (const action of ['invitation', 'invitation-accepted', 'second-factor-added', 'sign-in', 'upload', 'import', 'secret-number-reissued', 'release-time-changed']) {
    await expect(log.getByRole('cell', { name: action, exact: true }).first()).toBeVisible();
  }
  await expect(log).toContainText(email);
  await check(page, 'centre-audit');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/centre\/login\?signed_out=done$/);
  await context.close();
}

test('an officer signs in with an app code, fixes a file the preview refused, imports it, finds a candidate, moves a release time, reads it all in the log, and a candidate then registers', async ({ browser, page }, testInfo) => {
  await journey(browser, true, 'B2 First', ['CEN000001', 'CEN000002'], (p, name) => checkPage(p, testInfo, name));
  // The candidate of the centre registers with the Secret Number just imported.
  const email = uniqueEmail('cen2');
  await page.goto('/register');
  await register(page, 'CEN000002', '5566', email);
  await expect(page).toHaveURL(/\/register\/sent/);
  expect(await confirmationLink(page, email)).toContain('/confirm?token=');
});

test('the portal works without JavaScript and passes axe in French', async ({ browser }, testInfo) => {
  await journey(browser, false, 'C1 Advanced', ['CEN000003', 'CEN000004'], async () => {});
  const context = await browser.newContext({ locale: 'fr-FR' });
  await context.addCookies([{ name: 'ro_lang', value: 'fr', url: `http://localhost:${PORT}` }]);
  const page = await context.newPage();
  await page.goto('/centre/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Portail des centres : connexion');
  await expect(page.getByLabel('Adresse électronique')).toBeVisible();
  await checkPage(page, testInfo, 'centre-login-fr');
  await context.close();
});
