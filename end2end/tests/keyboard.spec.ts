import { expect, Locator, Page, test } from '@playwright/test';
import { confirmationLink, hydrated, PASSWORD, snap, uniqueEmail } from './helpers';

/** Presses Tab until `target` has focus: the only way a keyboard user gets there. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

test('the whole journey works with the keyboard alone', async ({ page }, testInfo) => {
  const email = uniqueEmail('emma');
  await page.goto('/');
  await hydrated(page);

  // The skip link is the first stop and lands in the main content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();

  await tabTo(page, page.locator('main').getByRole('link', { name: 'Register' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/register$/);
  await hydrated(page);

  await tabTo(page, page.getByLabel('ID Number'));
  await page.keyboard.type('PWT000007');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Secret Number')).toBeFocused();
  await page.keyboard.type('8642');
  await page.keyboard.press('Tab');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await tabTo(page, page.getByLabel('I agree to the terms of use'));
  await page.keyboard.press('Space');
  await expect(page.getByLabel('I agree to the terms of use')).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Register' }));
  await snap(page, testInfo, 'keyboard-register-focus');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/register\/sent/);

  // Following the emailed link happens in the mail program.
  await page.goto(await confirmationLink(page, email));
  await expect(page.getByRole('heading', { name: 'Email address confirmed' })).toBeVisible();
  await hydrated(page);
  await tabTo(page, page.locator('main').getByRole('link', { name: 'Log in' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);

  await tabTo(page, page.getByLabel('ID Number'));
  await page.keyboard.type('PWT000007');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/results$/);
  await expect(page.locator('#overall-score')).toHaveText('168');
  await hydrated(page);

  await tabTo(page, page.getByRole('button', { name: 'Log out' }));
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/\/login$/);
});
