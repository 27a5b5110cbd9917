import { expect, test } from '@playwright/test';
import { hydrated, logIn, registerAndConfirm, uniqueEmail } from './helpers';

test('when the server is busy the login page says so and sends the same login again by itself', async ({ page }) => {
  await registerAndConfirm(page, 'PWT000014', '2236', uniqueEmail('camille'));
  // The first login meets a replica whose password queue is full: its
  // answer, as the server gives it (503, Retry-After, the Busy error).
  const sent: string[] = [];
  let refused = false;
  await page.route('**/api/login', async (route) => {
    sent.push(route.request().postData() ?? '');
    if (!refused) {
      refused = true;
      await route.fulfill({
        status: 503,
        headers: { 'retry-after': '2', 'content-type': 'application/json' },
        body: JSON.stringify({ Busy: { retry_after_seconds: 2 } }),
      });
    } else {
      await route.continue();
    }
  });
  await page.goto('/login');
  await hydrated(page);
  await logIn(page, 'PWT000014');
  await expect(page.getByText('Many candidates are signing in right now — we’ll try again for you in 2 s')).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  // No click: the page retries after the announced wait and the candidate is in.
  await expect(page).toHaveURL(/\/results$/, { timeout: 10_000 });
  expect(sent.length).toBe(2);
  expect(sent[1]).toBe(sent[0]);
  expect(sent[0]).toContain('id_number=PWT000014');
});
