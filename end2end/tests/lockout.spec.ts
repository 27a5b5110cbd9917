import { expect, test } from '@playwright/test';
import { checkPage, hydrated, logIn, PASSWORD, registerAndConfirm, uniqueEmail } from './helpers';

type MailDevEmail = { to: { address: string }[]; text: string };

test('a candidate kept waiting by someone else’s wrong passwords signs in with an emailed link', async ({ page, browser }, testInfo) => {
  const email = uniqueEmail('lucie');
  await registerAndConfirm(page, 'PWT000015', '3606', email);

  // Someone else guesses, in a browser of their own.
  const attacker = await browser.newPage();
  await attacker.goto('/login');
  await hydrated(attacker);
  for (let i = 0; i < 5; i++) {
    await logIn(attacker, 'PWT000015', `not-hers-${i}1`);
    await expect(attacker.locator('#form-error')).toContainText('The ID Number or password is incorrect');
  }
  await attacker.close();

  // Her right password now waits; the page offers the way through.
  await page.goto('/login');
  await hydrated(page);
  await logIn(page, 'PWT000015', PASSWORD);
  await expect(page.locator('#form-error')).toContainText('Too many attempts');
  await checkPage(page, testInfo, 'en-desktop-login-sign-in-link-offer');
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page).toHaveURL(/\/login\/link\/sent$/);
  await expect(page.getByRole('status')).toContainText('we have sent a sign-in link');

  let link: string | undefined;
  await expect
    .poll(async () => {
      const mails = (await (await page.request.get('http://127.0.0.1:1080/api/email')).json()) as MailDevEmail[];
      const mine = mails.filter((m) => m.to.some((t) => t.address === email));
      link = mine[mine.length - 1]?.text.match(/https?:\/\/\S+\/login\/link\?token=[0-9a-f]+/)?.[0];
      return link;
    }, { timeout: 15_000 })
    .toBeTruthy();
  await page.goto(link!);
  await hydrated(page);
  await checkPage(page, testInfo, 'en-desktop-sign-in-link');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/results$/);
  await expect(page.locator('#overall-score')).toHaveText('181');

  // Used once: a second visit says so.
  await page.context().clearCookies();
  await page.goto(link!);
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#form-error')).toContainText('cannot be used any more');
});
