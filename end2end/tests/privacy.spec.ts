import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { checkPage, hydrated, logIn, PASSWORD, registerAndConfirm, signIn, uniqueEmail } from './helpers';

const MAILDEV = 'http://127.0.0.1:1080/api/email';

test('a candidate downloads a copy of their data, then deletes the account and can no longer log in', async ({ page }) => {
  const id = 'PWT000017';
  const email = uniqueEmail('chloe');
  await registerAndConfirm(page, id, '6081', email);
  await signIn(page, id);
  await page.goto('/account');
  await hydrated(page);

  // The copy: a JSON file holding the entry, the account and the results, and no secret.
  await page.locator('#data_current_password').fill(PASSWORD);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
  expect(download.suggestedFilename()).toBe(`results-online-${id}.json`);
  const text = await readFile((await download.path())!, 'utf8');
  const data = JSON.parse(text);
  expect(data.exams).toHaveLength(1);
  expect(data.exams[0].entry).toMatchObject({ id_number: id, given_name: 'Chloé', family_name: 'Garnier', exam: 'B2 First' });
  expect(data.account.email).toBe(email);
  expect(data.exams[0].results.Released.overall).toBe(184);
  expect(data.sessions.length).toBeGreaterThanOrEqual(1);
  expect(data.emails.map((m: { subject: string }) => m.subject)).toContain('Confirm your email address for Results Online');
  expect(text).not.toContain('argon2');
  await expect(page).toHaveURL(/\/account$/);

  // A wrong password deletes nothing and says so next to the field.
  await page.locator('#delete_current_password').fill('not-my-password-12');
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.locator('#delete_current_password-error')).toContainText('password');
  await expect(page.locator('#delete_current_password')).toHaveAttribute('aria-invalid', 'true');

  await page.locator('#delete_current_password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page).toHaveURL(/\/login\?session=deleted$/);
  await expect(page.getByText('Your account has been deleted.')).toBeVisible();

  // The session is gone and the password no longer opens anything.
  const results = await page.goto('/results');
  await expect(page).toHaveURL(/\/login/);
  expect(results?.status()).toBe(200);
  await hydrated(page);
  await logIn(page, id);
  await expect(page.locator('#form-error')).toContainText('The ID Number or password is incorrect.');

  // A last email says it is done.
  await expect
    .poll(async () => {
      const mails = (await (await page.request.get(MAILDEV)).json()) as { to: { address: string }[]; subject: string }[];
      return mails.some((m) => m.to.some((t) => t.address === email) && m.subject === 'Your Results Online account has been deleted');
    }, { timeout: 15_000 })
    .toBe(true);
});

for (const { lang, locale, link, heading } of [
  { lang: 'en', locale: 'en-GB', link: 'Your data', heading: 'Your data and your rights' },
  { lang: 'fr', locale: 'fr-FR', link: 'Vos données', heading: 'Vos données et vos droits' },
]) {
  test.describe(`the privacy page in ${lang}`, () => {
    test.use({ locale });

    test(`is linked from every page and from the register form, and states the periods in ${lang}`, async ({ page }, testInfo) => {
      await page.goto('/register');
      await hydrated(page);
      await expect(page.locator('#register-form a[href="/privacy"]')).toBeVisible();
      await page.getByRole('contentinfo').getByRole('link', { name: link, exact: true }).click();
      await expect(page).toHaveURL(/\/privacy$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      // The periods the server uses by default: 30 days for unconfirmed accounts, 30 minutes idle.
      await expect(page.locator('#privacy-account')).toContainText('30');
      await expect(page.locator('#privacy-sessions')).toContainText('30');
      await checkPage(page, testInfo, `${lang}-privacy`);
    });
  });
}
