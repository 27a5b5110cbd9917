import { expect, Page, test } from '@playwright/test';
import { checkPage, hydrated, registerAndConfirm, signIn, snap, uniqueEmail } from './helpers';

/** One state of one page; `act` brings the page into it after loading. */
type PageState = { name: string; path: string; as?: string; act?: (page: Page) => Promise<void> };

const submit = (page: Page) => page.locator('main form.form button[type="submit"]').click();

/** Creates a share code from the results page; returns it as shown. */
async function createCode(page: Page): Promise<string> {
  await page.locator('#share-form button[type="submit"]').click();
  await expect(page.locator('#share-code')).toBeVisible();
  return ((await page.locator('#share-code').textContent()) ?? '').trim();
}

const STATES: PageState[] = [
  { name: 'home', path: '/' },
  { name: 'register', path: '/register' },
  {
    name: 'register-errors',
    path: '/register',
    act: async (page) => {
      await submit(page);
      await expect(page.locator('#error-summary')).toBeFocused();
    },
  },
  {
    name: 'register-not-matched',
    path: '/register',
    act: async (page) => {
      await page.locator('#id_number').fill('PWT000009');
      await page.locator('#secret_number').fill('0000');
      await page.locator('#email').fill('someone@example.com');
      await page.locator('#password').fill('resultats69');
      await page.locator('#confirm_password').fill('resultats69');
      await page.locator('#terms').check();
      await submit(page);
      await expect(page.locator('#form-error')).toBeVisible();
    },
  },
  { name: 'register-sent', path: '/register/sent?id=PWT000005' },
  { name: 'resent', path: '/resent' },
  { name: 'confirm-invalid', path: '/confirm?token=not-a-token' },
  { name: 'login', path: '/login' },
  {
    name: 'login-errors',
    path: '/login',
    act: async (page) => {
      await submit(page);
      await expect(page.locator('#error-summary')).toBeFocused();
    },
  },
  {
    name: 'login-rejected',
    path: '/login',
    act: async (page) => {
      await page.locator('#id_number').fill('PWT000005');
      await page.locator('#password').fill('not-the-password-12');
      await submit(page);
      await expect(page.locator('#form-error')).toBeVisible();
    },
  },
  { name: 'forgot-password', path: '/forgot-password' },
  { name: 'forgot-sent', path: '/forgot-password/sent' },
  { name: 'reset-invalid', path: '/reset-password?token=not-a-token' },
  { name: 'login-after-reset', path: '/login?reset=done' },
  { name: 'sign-in-link', path: '/login/link?token=not-a-token' },
  { name: 'sign-in-link-sent', path: '/login/link/sent' },
  { name: 'terms', path: '/terms' },
  { name: 'privacy', path: '/privacy' },
  { name: 'not-found', path: '/no-such-page' },
  { name: 'results-released', path: '/results', as: 'PWT000005' },
  { name: 'results-pending', path: '/results', as: 'PWT000006' },
  { name: 'share-codes', path: '/results/share-codes', as: 'PWT000005' },
  {
    name: 'share-code-created',
    path: '/results',
    as: 'PWT000005',
    act: async (page) => {
      await createCode(page);
    },
  },
  { name: 'verify', path: '/verify' },
  {
    name: 'verify-errors',
    path: '/verify',
    act: async (page) => {
      await page.locator('#verify-form button[type="submit"]').click();
      await expect(page.locator('#share_code-error')).not.toBeEmpty();
    },
  },
  {
    name: 'verify-verified',
    path: '/results',
    as: 'PWT000005',
    act: async (page) => {
      const code = await createCode(page);
      await page.context().clearCookies();
      await page.goto('/verify');
      await page.locator('#share_code').fill(code);
      await page.locator('#family_name').fill('Fournier');
      await page.locator('#verify-form button[type="submit"]').click();
      await expect(page.locator('#verified')).toBeVisible();
    },
  },
  { name: 'account', path: '/account', as: 'PWT000005' },
  {
    name: 'account-errors',
    path: '/account',
    as: 'PWT000005',
    act: async (page) => {
      await page.locator('#password-form button[type="submit"]').click();
      await expect(page.locator('#current_password')).toBeFocused();
      await expect(page.locator('#current_password-error')).not.toBeEmpty();
    },
  },
];

const LANGUAGES = [
  { lang: 'en', locale: 'en-GB' },
  { lang: 'fr', locale: 'fr-FR' },
];
const WIDTHS = [
  { device: 'phone', viewport: { width: 320, height: 640 } },
  { device: 'desktop', viewport: { width: 1280, height: 800 } },
];

test.beforeAll(async ({ browser }, testInfo) => {
  // Two confirmed candidates, one in each language; the confirmation page is checked on the way.
  for (const [id, secret, lang, locale] of [
    ['PWT000005', '2468', 'en', 'en-GB'],
    ['PWT000006', '1357', 'fr', 'fr-FR'],
  ]) {
    const context = await browser.newContext({ locale, timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    await registerAndConfirm(page, id, secret, uniqueEmail(id.toLowerCase()));
    if (page.url().includes('/confirm')) {
      await hydrated(page);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await checkPage(page, testInfo, `${lang}-desktop-confirm-done`);
    }
    await context.close();
  }
});

for (const { lang, locale } of LANGUAGES) {
  for (const { device, viewport } of WIDTHS) {
    test.describe(`${lang} at ${device} width`, () => {
      test.use({ locale, viewport });

      test(`every page passes axe, fits the screen and is in ${lang}`, async ({ page, context }, testInfo) => {
        for (const state of STATES) {
          await context.clearCookies();
          if (state.as) await signIn(page, state.as);
          const res = await page.goto(state.path);
          expect(res?.status(), state.name).toBe(state.name === 'not-found' ? 404 : 200);
          await hydrated(page);
          await expect(page.locator('html')).toHaveAttribute('lang', lang);
          if (state.act) await state.act(page);
          await checkPage(page, testInfo, `${lang}-${device}-${state.name}`);
        }
      });
    });
  }
}

test('the language switch changes every page and is remembered; French validation runs in the browser', async ({ page }, testInfo) => {
  await page.goto('/register');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('S’inscrire');
  await expect(page.getByRole('button', { name: 'Français' })).toHaveAttribute('aria-pressed', 'true');
  await hydrated(page);
  let posted = false;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/')) posted = true;
  });
  await page.getByLabel('Numéro d’identification (ID Number)').fill('SIR09');
  await page.getByRole('button', { name: 'S’inscrire' }).click();
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('Il y a un problème');
  await expect(page.locator('#id_number-error')).toHaveText(/trois lettres suivies de six chiffres/);
  await expect(page.locator('#terms-error')).toHaveText(/accepter les conditions d’utilisation/);
  expect(posted).toBe(false);
  await snap(page, testInfo, 'fr-register-errors-after-switch');

  // Remembered on the next page, and back to English.
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Se connecter');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test.describe('in French', () => {
  test.use({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });

  test('the release time is given in the candidate’s zone, named, with UTC, without adding an hour by hand', async ({ page }, testInfo) => {
    await signIn(page, 'PWT000006');
    await page.goto('/results');
    await hydrated(page);
    const release = page.locator('#release-time');
    await expect(release).toContainText(
      /^Vos résultats seront disponibles le \w+ \d+ \p{L}+ \d{4} à \d{2}:\d{2} \(heure de Paris\), soit le \d+ \p{L}+ \d{4} à \d{2}:\d{2} UTC\.$/u,
    );
    // Paris is one or two hours ahead of UTC: the page did the sum.
    const [local, utc] = [...((await release.textContent()) ?? '').matchAll(/à (\d{2}):\d{2}/g)].map((m) => Number(m[1]));
    expect([1, 2, -22, -23]).toContain(local - utc);
    await expect(page.getByRole('timer')).toContainText(/Temps restant : [12] j \d+ h \d+ min \d+ s/);
    await snap(page, testInfo, 'fr-results-pending-paris');
  });
});

test('after five wrong passwords the candidate is told how long to wait and who can help', async ({ page }, testInfo) => {
  await page.goto('/login');
  await hydrated(page);
  for (let i = 0; i < 5; i++) {
    await page.locator('#id_number').fill('PWT000099');
    await page.locator('#password').fill(`not-the-password-${i}1`);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.locator('#form-error')).toContainText('The ID Number or password is incorrect');
  }
  await page.locator('#password').fill('not-the-password-61');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('#form-error')).toContainText('Too many attempts. Please wait 1 min before trying again');
  await expect(page.locator('#form-error')).toContainText('contact your exam centre');
  await checkPage(page, testInfo, 'en-desktop-login-too-many-attempts');
});
