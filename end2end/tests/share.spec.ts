import { readFileSync } from 'node:fs';
import { Browser, expect, Page, test } from '@playwright/test';
import { checkPage, hydrated, registerAndConfirm, signIn, snap, uniqueEmail } from './helpers';

const CODE = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;

/** An institution's check at /verify, in French, as typed from a passport. */
async function verify(page: Page, code: string) {
  await page.goto('/verify');
  await page.getByLabel('Code de partage').fill(code.toLowerCase());
  await page.getByLabel('Nom de famille du candidat').fill('LEFEVRE CELIK');
  await page.getByLabel('Votre organisation (facultatif)').fill('Université de Lyon');
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
}

/** A candidate's browser, signed in, with JavaScript as given. */
async function candidate(browser: Browser, id: string, secret: string, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ locale: 'en-GB', javaScriptEnabled });
  const page = await context.newPage();
  await registerAndConfirm(page, id, secret, uniqueEmail(id.toLowerCase()));
  await context.clearCookies();
  await signIn(page, id);
  return { context, page };
}

test('a candidate downloads the statement and shares a code; an institution verifies it in its own browser until it is revoked', async ({ browser }, testInfo) => {
  const { context, page } = await candidate(browser, 'PWT000018', '9753', true);
  await page.goto('/results');
  await hydrated(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download your Statement of Results (PDF)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('statement-of-results-PWT000018.pdf');
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(5_000);

  await page.getByLabel('7 days').check();
  await page.getByRole('button', { name: 'Create a share code' }).click();
  await expect(page).toHaveURL(/\/results\/share-codes$/);
  const code = ((await page.locator('#share-code').textContent()) ?? '').trim();
  expect(code).toMatch(CODE);
  await expect(page.locator('.new-share-code')).toContainText('It works until');
  await checkPage(page, testInfo, 'en-share-code-created');

  // The institution: another browser, no account, in French.
  const institution = await browser.newContext({ locale: 'fr-FR' });
  const desk = await institution.newPage();
  await verify(desk, code);
  const verified = desk.locator('#verified');
  await expect(verified).toContainText('Résultat vérifié');
  await expect(verified).toContainText('Zoé Lefèvre-Çelik');
  await expect(verified).toContainText('C1 Advanced');
  for (const score of ['193', '190', '186', '199', '196', '194']) await expect(verified).toContainText(score);
  await expect(desk.locator('#verified-when')).toContainText(/^Vérifié le \d+ \p{L}+ \d{4} à \d{2}:\d{2} UTC, code valable jusqu’au \d+ \p{L}+ \d{4}\.$/u);
  await checkPage(desk, testInfo, 'fr-verify-verified');

  // The candidate sees who checked, and revokes the code.
  await page.goto('/results/share-codes');
  const item = page.locator('.share-code-item').first();
  await expect(item).toContainText('Successful checks: 1');
  await expect(item).toContainText('by Université de Lyon');
  await expect(page.locator('main')).not.toContainText(code);
  await item.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.locator('#revoked')).toHaveText('The code was revoked: it no longer works.');
  await expect(page.locator('.share-code-item').first()).toContainText('Revoked on');
  await expect(page.locator('.share-code-item').first().getByRole('button', { name: 'Revoke' })).toHaveCount(0);

  // The institution's next check is refused, with the one answer for every failure.
  await verify(desk, code);
  await expect(desk.locator('#verify-refused')).toContainText('Nous n’avons pas pu vérifier de résultat');
  await expect(desk.locator('#verified')).toHaveCount(0);
  await checkPage(desk, testInfo, 'fr-verify-refused');
  await institution.close();
  await context.close();
});

test('without JavaScript a code is created, shown once and verified the same way', async ({ browser }, testInfo) => {
  const { context, page } = await candidate(browser, 'PWT000019', '8531', false);
  await page.goto('/results');
  await page.getByLabel('90 days').check();
  await page.getByRole('button', { name: 'Create a share code' }).click();
  const code = ((await page.locator('#share-code').textContent()) ?? '').trim();
  expect(code).toMatch(CODE);

  const institution = await browser.newContext({ locale: 'en-GB', javaScriptEnabled: false });
  const desk = await institution.newPage();
  await desk.goto('/verify');
  await desk.getByLabel('Share code').fill(code);
  await desk.getByLabel('Candidate’s family name').fill('nguyen');
  await desk.getByRole('button', { name: 'Verify', exact: true }).click();
  await expect(desk.locator('#verified')).toContainText('Théo Nguyễn');
  await expect(desk.locator('#verified-overall')).toHaveText('176');
  // axe runs as script: the page itself was checked with JavaScript above.
  await snap(desk, testInfo, 'en-nojs-verify-verified');

  await page.goto('/results/share-codes');
  await expect(page.locator('.share-code-item').first()).toContainText('organisation not given');
  await institution.close();
  await context.close();
});
