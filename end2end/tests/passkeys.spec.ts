import { expect, Page, test } from '@playwright/test';
import { checkPage, registerAndConfirm, signIn, uniqueEmail } from './helpers';

// Passkeys in Chromium with a virtual authenticator (CDP): a platform
// authenticator that keeps passkeys (resident keys) and verifies its user,
// as a phone's or laptop's lock does. The site runs at http://localhost:
// browsers refuse 127.0.0.1 as a passkey's relying party.

const ID = 'PWT000023';
const SECRET = '7373';
const MAILDEV = 'http://127.0.0.1:1080/api/email';

async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

async function subjectsTo(page: Page, address: string): Promise<string[]> {
  const mails = (await (await page.request.get(MAILDEV)).json()) as { to: { address: string }[]; subject: string }[];
  return mails.filter((m) => m.to.some((t) => t.address === address)).map((m) => m.subject);
}

test('a candidate adds a passkey, signs in with it without typing, removes it and is then refused', async ({ page }, testInfo) => {
  const email = uniqueEmail('elise');
  await virtualAuthenticator(page);
  await registerAndConfirm(page, ID, SECRET, email);
  await signIn(page, ID);

  await page.goto('/account');
  const add = page.getByRole('button', { name: 'Add a passkey' });
  await expect(add).toBeVisible();
  await expect(page.getByText('You have not added a passkey yet.')).toBeVisible();
  await add.click();
  await expect(page).toHaveURL(/\/account\?done=passkey_added/);
  await expect(page.locator('#account-done')).toContainText('Your passkey has been added.');
  const item = page.locator('#passkey-list li');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Not used yet');
  await checkPage(page, testInfo, 'en-account-with-passkey');
  await expect.poll(() => subjectsTo(page, email)).toContain('A passkey was added to your Results Online account');

  // Rename it with the keyboard.
  const name = item.getByLabel('Name of this passkey');
  await name.fill('Laptop');
  await name.press('Enter');
  await expect(page.locator('#account-done')).toContainText('The passkey has been renamed.');
  await expect(page.locator('#passkey-list li h3')).toHaveText('Laptop');

  await page.locator('header.site-header').getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  const passkeyButton = page.getByRole('button', { name: 'Sign in with a passkey' });
  await expect(passkeyButton).toBeVisible();
  // The password form stays beside it.
  await expect(page.getByLabel('ID Number')).toBeVisible();
  await checkPage(page, testInfo, 'en-login-with-passkey');
  await passkeyButton.click();
  await expect(page).toHaveURL(/\/results$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('181').first()).toBeVisible();

  await page.goto('/account');
  await expect(page.locator('#passkey-list li')).toContainText('Last used on');
  await page.locator('#passkey-list li').getByRole('button', { name: 'Remove' }).click();
  await expect(page.locator('#account-done')).toContainText('The passkey has been removed');
  await expect(page.locator('#passkey-list li')).toHaveCount(0);
  await expect.poll(() => subjectsTo(page, email)).toContain('A passkey was removed from your Results Online account');

  // The phone still holds the passkey; the site no longer knows it.
  await page.locator('header.site-header').getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.locator('[data-passkey-message]')).toContainText('This passkey was not accepted');
  await expect(page).toHaveURL(/\/login/);
});

test('the passkey blocks speak French and pass axe', async ({ page }, testInfo) => {
  await virtualAuthenticator(page);
  await page.context().addCookies([{ name: 'ro_lang', value: 'fr', url: `http://localhost:${process.env.E2E_PORT ?? 3100}` }]);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Se connecter avec une clé d’accès' })).toBeVisible();
  await checkPage(page, testInfo, 'fr-login-with-passkey');
  // 409 if the test above registered it already.
  await registerAndConfirm(page, ID, SECRET, uniqueEmail('elise'));
  await signIn(page, ID);
  await page.goto('/account');
  await expect(page.getByRole('button', { name: 'Ajouter une clé d’accès' })).toBeVisible();
  await checkPage(page, testInfo, 'fr-account-passkeys');
});

test('without JavaScript no passkey button is shown and the password form works as before', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await context.close();
});
