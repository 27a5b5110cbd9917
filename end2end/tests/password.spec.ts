import { expect, Page, test } from '@playwright/test';
import { checkPage, hydrated, logIn, PASSWORD, registerAndConfirm, signedInElsewhere, signIn, uniqueEmail } from './helpers';
import { linkIn, mailsTo, mailTo } from './mail';

const PUBLIC_URL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

const RESET_SUBJECT = 'Choose a new password for Results Online';
const CHANGED_SUBJECT = 'Your Results Online password was changed';

/** Asks for a reset link through the form and checks the neutral answer. */
async function askForReset(page: Page, id: string) {
  await page.goto('/forgot-password');
  await hydrated(page);
  await page.getByLabel('ID Number').fill(id);
  await page.getByRole('button', { name: 'Send me a reset link' }).click();
  await expect(page).toHaveURL(/\/forgot-password\/sent$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await expect(page.locator('main').getByRole('status')).toHaveText(
    'If an account exists for this ID Number, we have sent an email with a link to choose a new password. The link works for 1 hour.',
  );
}

test('a forgotten password is replaced through the emailed link, which works once and signs out every device', async ({
  page,
  browser,
}, testInfo) => {
  const id = 'PWT000008';
  const email = uniqueEmail('jules');
  const newPassword = 'tulipe-ocre-48';
  await registerAndConfirm(page, id, '3141', email);

  // Another browser is signed in to the account before the reset.
  const { other, otherPage } = await signedInElsewhere(browser, id);

  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Forgotten your password?' })).toBeVisible();
  await checkPage(page, testInfo, 'forgot-password');
  await page.getByLabel('ID Number').fill(id);
  await page.getByRole('button', { name: 'Send me a reset link' }).click();
  await expect(page).toHaveURL(/\/forgot-password\/sent$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await expect(page.locator('main').getByRole('status')).toHaveText(
    'If an account exists for this ID Number, we have sent an email with a link to choose a new password. The link works for 1 hour.',
  );
  await checkPage(page, testInfo, 'forgot-sent');

  const resetMail = await mailTo(page, email, RESET_SUBJECT);
  expect(resetMail.subject).toBe(RESET_SUBJECT);
  expect(resetMail.text).toContain(id);
  const link = linkIn(resetMail.text, '/reset-password');
  expect(link).toMatch(/\/reset-password\?token=[0-9a-f]{64}$/);
  expect(link.startsWith(`${PUBLIC_URL}/reset-password?token=`)).toBeTruthy();

  // Asking again within the minute answers the same but sends nothing (counted at the end);
  // so does an ID Number without an account.
  await askForReset(page, id);
  await askForReset(page, 'PWT000099');

  await page.goto(link);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  await expect(page.locator('main')).toContainText(`Choose a new password for ID Number ${id}.`);
  const newField = page.getByLabel('New password', { exact: true });
  const confirmField = page.getByLabel('Confirm new password');
  await expect(newField).toHaveAccessibleDescription(/8 characters.*2 digits/);

  // The strength hint follows what is typed.
  const strength = page.locator('#password-strength');
  await newField.fill('abcdefgh');
  await expect(strength).toHaveAttribute('data-strength', 'weak');
  await expect(strength).toHaveText(/^Password strength: weak/);
  await newField.fill('maisonbleue42');
  await expect(strength).toHaveAttribute('data-strength', 'fair');
  await expect(strength).toHaveText(/^Password strength: fair/);
  await newField.fill(newPassword);
  await expect(strength).toHaveAttribute('data-strength', 'strong');
  await expect(strength).toHaveText(/^Password strength: strong/);

  // Mistakes the browser can see are shown without a round trip.
  let posted = false;
  const watchPosts = (r: { method(): string }) => {
    if (r.method() === 'POST') posted = true;
  };
  page.on('request', watchPosts);
  await newField.fill('abcdefgh');
  await confirmField.fill('abcdefgi');
  await page.getByRole('button', { name: 'Change my password' }).click();
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(page.locator('#password-error')).toHaveText('Your password must contain at least 2 digits.');
  await expect(page.locator('#confirm_password-error')).toHaveText('The passwords do not match.');
  await expect(newField).toHaveAttribute('aria-invalid', 'true');
  expect(posted).toBe(false);
  page.off('request', watchPosts);
  await checkPage(page, testInfo, 'reset-errors');

  // Common passwords are for the server to refuse.
  for (const common of ['password12', 'azerty123']) {
    await newField.fill(common);
    await confirmField.fill(common);
    await page.getByRole('button', { name: 'Change my password' }).click();
    await expect(page.locator('#password-error')).toContainText('This password is too easy to guess:');
    await expect(page).toHaveURL(/\/reset-password\?token=/);
  }

  await newField.fill(newPassword);
  await confirmField.fill(newPassword);
  await page.getByRole('button', { name: 'Change my password' }).click();
  await expect(page).toHaveURL(/\/login\?reset=done$/);
  await expect(page.locator('#login-notice')).toHaveRole('status');
  await expect(page.locator('#login-notice')).toHaveText('Your password has been changed. Log in with your new password.');

  // The old password no longer works; the new one does.
  await hydrated(page);
  await logIn(page, id, PASSWORD);
  await expect(page.locator('#form-error')).toContainText('The ID Number or password is incorrect.');
  await logIn(page, id, newPassword);
  await expect(page).toHaveURL(/\/results$/);

  // The browser signed in before the reset was signed out.
  await otherPage.goto('/results');
  await expect(otherPage).toHaveURL(/\/login\?session=ended$/);
  await expect(otherPage.locator('#login-notice')).toHaveText('Your session has ended. Log in again to continue.');
  await other.close();

  // The link works once; a made-up one not at all.
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'This link cannot be used' })).toBeVisible();
  await expect(page.locator('main').getByRole('alert')).toContainText('This password reset link has already been used.');
  await expect(page.getByRole('link', { name: 'Ask for a new reset link' })).toHaveAttribute('href', '/forgot-password');
  await page.goto(`/reset-password?token=${'0'.repeat(64)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'This link cannot be used' })).toBeVisible();
  await expect(page.locator('main').getByRole('alert')).toContainText('This password reset link is not valid.');

  const changedMail = await mailTo(page, email, CHANGED_SUBJECT);
  expect(changedMail.subject).toBe(CHANGED_SUBJECT);
  expect(changedMail.text).toContain(id);
  // The second request, within the minute, sent nothing.
  expect(await mailsTo(page, email, RESET_SUBJECT)).toHaveLength(1);
});

test('the account page changes the password, signs out the other devices and remembers the updates choice', async ({
  page,
  browser,
}, testInfo) => {
  const id = 'PWT000010';
  const email = uniqueEmail('ines');
  const newPassword = 'prune-sable-73';
  const header = page.locator('header.site-header');

  // Signed out: no account page, and the header offers to register or log in.
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await expect(header.getByRole('link', { name: 'Register' })).toBeVisible();
  await expect(header.getByRole('link', { name: 'Log in' })).toBeVisible();
  await expect(header.getByRole('link', { name: 'Account' })).toHaveCount(0);

  await registerAndConfirm(page, id, '2718', email);
  await signIn(page, id);
  const { other, otherPage } = await signedInElsewhere(browser, id);

  await page.goto('/results');
  await hydrated(page);
  await expect(header.getByRole('link', { name: 'Your results' })).toHaveAttribute('href', '/results');
  await expect(header.getByRole('button', { name: 'Log out' })).toBeVisible();
  await header.getByRole('link', { name: 'Account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.locator('#account-id')).toHaveText(id);
  await expect(page.locator('#account-email')).toHaveText(email);
  for (const section of ['Change your password', 'Change your email address', 'Updates', 'Devices']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await checkPage(page, testInfo, 'account');

  const form = page.locator('#password-form');
  const current = form.getByLabel('Current password');
  const fresh = form.getByLabel('New password', { exact: true });
  const confirm = form.getByLabel('Confirm new password');
  const submit = form.getByRole('button', { name: 'Change password' });

  // A wrong current password is refused beside its field.
  await current.fill('not-my-password-12');
  await fresh.fill(newPassword);
  await expect(page.locator('#password-strength')).toHaveAttribute('data-strength', 'strong');
  await confirm.fill(newPassword);
  await submit.click();
  await expect(page.locator('#current_password-error')).toHaveText('The password is not correct.');
  await expect(current).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/account$/);

  await current.fill(PASSWORD);
  await fresh.fill(newPassword);
  await confirm.fill(newPassword);
  await submit.click();
  await expect(page).toHaveURL(/\/account\?done=password$/);
  await expect(page.locator('#account-done')).toHaveRole('status');
  await expect(page.locator('#account-done')).toHaveText(
    'Your password has been changed. You have been signed out on your other devices.',
  );

  // This browser stays signed in; the other one is signed out.
  await page.goto('/results');
  await expect(page).toHaveURL(/\/results$/);
  await otherPage.goto('/results');
  await expect(otherPage).toHaveURL(/\/login\?session=ended$/);
  await other.close();
  const changedMail = await mailTo(page, email, CHANGED_SUBJECT);
  expect(changedMail.subject).toBe(CHANGED_SUBJECT);

  // The updates choice is saved and shown again on the next visit.
  await page.goto('/account');
  await hydrated(page);
  const updates = page.locator('#updates-form').getByLabel('Send me updates about exams and results');
  const save = page.locator('#updates-form').getByRole('button', { name: 'Save' });
  await expect(updates).not.toBeChecked();
  await updates.check();
  await save.click();
  await expect(page).toHaveURL(/\/account\?done=updates$/);
  await expect(page.locator('#account-done')).toHaveText('Your choice has been saved.');
  await page.reload();
  await hydrated(page);
  await expect(updates).toBeChecked();
  await updates.uncheck();
  await save.click();
  await expect(page).toHaveURL(/\/account\?done=updates$/);
  await expect(page.locator('#account-done')).toHaveText('Your choice has been saved.');
  await page.reload();
  await hydrated(page);
  await expect(updates).not.toBeChecked();

  // Logging out and in again takes the new password only.
  await header.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await logIn(page, id, PASSWORD);
  await expect(page.locator('#form-error')).toContainText('The ID Number or password is incorrect.');
  await logIn(page, id, newPassword);
  await expect(page).toHaveURL(/\/results$/);
});
