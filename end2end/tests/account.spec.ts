import { expect, test } from '@playwright/test';
import { checkPage, hydrated, installClock, PASSWORD, registerAndConfirm, signedInElsewhere, signIn, uniqueEmail } from './helpers';
import { linkIn, mailTo } from './mail';

const PUBLIC_URL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

test('a new email address is used only once it is confirmed from the link sent to it', async ({ page }) => {
  const id = 'PWT000011';
  const email = uniqueEmail('louis');
  const newEmail = uniqueEmail('louis.new');
  await registerAndConfirm(page, id, '1618', email);
  await signIn(page, id);
  await page.goto('/account');
  await hydrated(page);

  const form = page.locator('#email-form');
  const address = form.getByLabel('New email address');
  const password = form.getByLabel('Current password');
  await expect(password).toHaveAttribute('id', 'email_current_password');
  await address.fill(newEmail);
  await password.fill('not-my-password-12');
  await form.getByRole('button', { name: 'Change email address' }).click();
  await expect(page.locator('#email_current_password-error')).toHaveText('The password is not correct.');
  await expect(page).toHaveURL(/\/account$/);

  await address.fill(newEmail);
  await password.fill(PASSWORD);
  await form.getByRole('button', { name: 'Change email address' }).click();
  await expect(page).toHaveURL(/\/account\?done=email$/);
  await expect(page.locator('#account-done')).toContainText(`We have sent a confirmation link to ${newEmail}`);
  // Shown at once, without a reload.
  await expect(page.locator('#pending-email')).toContainText(`Waiting for confirmation: ${newEmail}.`);
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#pending-email')).toContainText(`Waiting for confirmation: ${newEmail}.`);
  // Nothing changes until the link is followed.
  await expect(page.locator('#account-email')).toHaveText(email);

  const notice = await mailTo(page, email, 'A change of email address was requested for Results Online');
  expect(notice.text).toContain(newEmail);
  const change = await mailTo(page, newEmail, 'Confirm your new email address for Results Online');
  const link = linkIn(change.text, '/confirm');
  expect(link.startsWith(`${PUBLIC_URL}/confirm?token=`)).toBeTruthy();

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Email address confirmed' })).toBeVisible();
  await expect(page.locator('main').getByRole('status')).toHaveText(
    'Thank you. Your new email address is confirmed: we will write to it from now on.',
  );
  await page.goto('/account');
  await hydrated(page);
  await expect(page.locator('#account-email')).toHaveText(newEmail);
  await expect(page.locator('#pending-email')).toHaveCount(0);
});

test('an idle session is warned about two minutes before it ends; every device can be signed out at once', async ({
  page,
  browser,
}, testInfo) => {
  const id = 'PWT000012';
  await registerAndConfirm(page, id, '1414', uniqueEmail('manon'));
  await signIn(page, id);
  await installClock(page);
  await page.goto('/results');
  await hydrated(page);

  const dialog = page.getByRole('alertdialog', { name: 'Are you still there?' });
  const stay = dialog.getByRole('button', { name: 'Stay signed in' });
  await expect(dialog).toHaveCount(0);
  await page.clock.fastForward('28:05');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(
    'For your security, you will be signed out in 2 min because you have not used the site.',
  );
  await expect(stay).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Log out now' })).toBeVisible();
  const keptAlive = page.waitForResponse((r) => r.url().includes('keep_alive'));
  await stay.click();
  expect((await keptAlive).status()).toBe(200);
  await expect(dialog).toBeHidden();

  // The timeout restarted: the warning comes again, then the session ends.
  await page.clock.fastForward('28:05');
  await expect(dialog).toBeVisible();
  await page.clock.fastForward('02:00');
  await expect(page).toHaveURL(/\/login\?session=idle$/);
  await expect(page.locator('#login-notice')).toHaveText(
    'You were signed out because you had not used the site for a while. Log in again to continue.',
  );

  // The warning on the account page, and its other way out.
  const idle = await browser.newContext();
  const idlePage = await idle.newPage();
  await signIn(idlePage, id);
  await installClock(idlePage);
  await idlePage.goto('/account');
  await hydrated(idlePage);
  await expect(idlePage.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await idlePage.clock.fastForward('28:05');
  const idleDialog = idlePage.getByRole('alertdialog', { name: 'Are you still there?' });
  await expect(idleDialog).toBeVisible();
  await expect(idleDialog.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
  await checkPage(idlePage, testInfo, 'account-idle-warning');
  await idleDialog.getByRole('button', { name: 'Log out now' }).click();
  await expect(idlePage).toHaveURL(/\/login$/);
  await idlePage.goto('/results');
  await expect(idlePage).toHaveURL(/\/login/);
  await idle.close();

  // Signing out of all devices ends every session, this one included.
  const { other, otherPage } = await signedInElsewhere(browser, id);
  await signIn(page, id);
  await page.goto('/account');
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign out of all devices' }).click();
  await expect(page).toHaveURL(/\/login\?session=everywhere$/);
  await expect(page.locator('#login-notice')).toHaveText('You have been signed out on all your devices.');
  await page.goto('/results');
  await expect(page).toHaveURL(/\/login/);
  await otherPage.goto('/results');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
});
