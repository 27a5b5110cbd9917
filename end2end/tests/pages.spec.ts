import { expect, test } from '@playwright/test';
import { snap } from './helpers';

test('the other pages render, and an unknown address is a 404', async ({ page }, testInfo) => {
  await page.goto('/terms');
  await expect(page.getByRole('heading', { name: 'Terms of use' })).toBeVisible();
  await snap(page, testInfo, 'terms');

  await page.goto('/resent');
  await expect(page.getByRole('status')).toContainText('If an account for this ID Number is waiting for confirmation');
  await snap(page, testInfo, 'resent');

  await page.goto('/confirm?token=not-a-token');
  await expect(page.getByRole('alert')).toContainText('This confirmation link is not valid');
  await expect(page.getByLabel('ID Number')).toBeVisible();
  await snap(page, testInfo, 'confirm-invalid');

  const res = await page.goto('/no-such-page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await snap(page, testInfo, 'not-found');
});
