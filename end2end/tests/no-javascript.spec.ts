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
