import { expect, test } from '@playwright/test';
import { confirmationLink, logIn, register, snap, uniqueEmail } from './helpers';

// The same forms as plain HTML: server functions posted by the browser,
// errors rendered by the server.
test.use({ javaScriptEnabled: false });

test('register and log in work without JavaScript', async ({ page }, testInfo) => {
  const email = uniqueEmail('hugo');
  await page.goto('/register');
  await register(page, 'PWT000004', '0000', email);
  await expect(page.getByRole('alert')).toContainText('The ID Number and Secret Number do not match our records');
  // What was typed comes back, except the secrets.
  await expect(page.getByLabel('ID Number')).toHaveValue('PWT000004');
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('Secret Number')).toHaveValue('');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await snap(page, testInfo, 'nojs-register-error');

  await page.goto('/register');
  await page.getByLabel('ID Number').fill('PWT000004');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.locator('#terms-error')).toHaveText(/agree to the terms of use/);

  await page.goto('/register');
  await register(page, 'PWT000004', '5512', email);
  await expect(page).toHaveURL(/\/register\/sent/);
  await expect(page.getByRole('status')).toContainText(email);
  await snap(page, testInfo, 'nojs-register-sent');

  await page.goto(await confirmationLink(page, email));
  await expect(page.getByRole('heading', { name: 'Email address confirmed' })).toBeVisible();

  await page.goto('/login');
  await logIn(page, 'PWT000004', 'wrong-password-12');
  await expect(page.getByRole('alert')).toContainText('The ID Number or password is incorrect');
  await expect(page.getByLabel('ID Number')).toHaveValue('PWT000004');
  await snap(page, testInfo, 'nojs-login-error');
  await logIn(page, 'PWT000004');
  await expect(page).toHaveURL(/\/results$/);
  await expect(page.locator('#overall-score')).toHaveText('184');
  await snap(page, testInfo, 'nojs-results');

  // The language switch is a plain form too, and comes back to the same page.
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page).toHaveURL(/\/results$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vos résultats');
  await expect(page.locator('#exam-date')).toHaveText('13 juin 2026');
  await snap(page, testInfo, 'nojs-results-fr');
});

/** The newest reset link MailDev holds for `address`. */
async function resetLink(page: import('@playwright/test').Page, address: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const mails = (await (await page.request.get('http://127.0.0.1:1080/api/email')).json()) as { to: { address: string }[]; text: string }[];
      const mine = mails.filter((m) => m.to.some((t) => t.address === address) && /reset-password\?token=/.test(m.text));
      link = mine[mine.length - 1]?.text.match(/https?:\/\/\S+\/reset-password\?token=[0-9a-f]+/)?.[0];
      return link;
    }, { timeout: 15_000 })
    .toBeTruthy();
  return link!;
}

test('a forgotten password can be reset and the account changed without JavaScript', async ({ page }, testInfo) => {
  const email = uniqueEmail('paul');
  await page.goto('/register');
  await register(page, 'PWT000013', '1732', email);
  await page.goto(await confirmationLink(page, email));

  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await page.getByLabel('ID Number').fill('PWT00001');
  await page.getByRole('button', { name: 'Send me a reset link' }).click();
  await expect(page.locator('#id_number-error')).toHaveText(/three letters followed by six digits/);
  await expect(page.getByLabel('ID Number')).toHaveValue('PWT00001');
  await page.getByLabel('ID Number').fill('PWT000013');
  await page.getByRole('button', { name: 'Send me a reset link' }).click();
  await expect(page).toHaveURL(/\/forgot-password\/sent$/);
  await expect(page.getByRole('status')).toContainText('If an account exists for this ID Number');

  const link = await resetLink(page, email);
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill('password12');
  await page.getByLabel('Confirm new password').fill('password12');
  await page.getByRole('button', { name: 'Change my password' }).click();
  await expect(page.locator('#password-error')).toHaveText(/too easy to guess/);
  await snap(page, testInfo, 'nojs-reset-error');
  await page.getByLabel('New password', { exact: true }).fill('tulipe-ocre-48');
  await page.getByLabel('Confirm new password').fill('tulipe-ocre-48');
  await page.getByRole('button', { name: 'Change my password' }).click();
  await expect(page).toHaveURL(/\/login\?reset=done$/);
  await expect(page.getByRole('status')).toContainText('Your password has been changed');
  await logIn(page, 'PWT000013', 'tulipe-ocre-48');
  await expect(page).toHaveURL(/\/results$/);

  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
  await page.getByLabel('Send me updates about exams and results').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Your choice has been saved.');
  await expect(page.getByLabel('Send me updates about exams and results')).toBeChecked();
  const passwordForm = page.locator('#password-form');
  await passwordForm.getByLabel('Current password').fill('not-it-1234');
  await passwordForm.getByLabel('New password', { exact: true }).fill('vague lente 37');
  await passwordForm.getByLabel('Confirm new password').fill('vague lente 37');
  await passwordForm.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#current_password-error')).toHaveText('The password is not correct.');
  await snap(page, testInfo, 'nojs-account-error');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
});
