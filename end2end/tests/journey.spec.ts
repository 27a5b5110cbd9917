import { expect, test } from '@playwright/test';
import { confirmationLink, hydrated, logIn, PASSWORD, register, snap, uniqueEmail } from './helpers';

test('a candidate registers, confirms by email, logs in and sees released results', async ({ page }, testInfo) => {
  // The Content-Security-Policy must not block anything the site itself needs.
  const blocked: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
  });
  // Behind the balancer (E2E_BALANCED=1), nginx names the replica that answered.
  const replicas = new Set<string>();
  page.on('response', (r) => {
    const replica = r.headers()['x-replica'];
    if (replica) replicas.add(replica);
  });
  const email = uniqueEmail('marie');
  await page.goto('/');
  await snap(page, testInfo, 'home');
  await page.getByRole('link', { name: 'Register' }).first().click();
  await expect(page).toHaveURL(/\/register$/);
  await hydrated(page);
  await snap(page, testInfo, 'register');

  await register(page, 'pwt000001', '4821', email);
  await expect(page).toHaveURL(/\/register\/sent/);
  await expect(page.getByRole('status')).toContainText(`We have sent an email to ${email}`);
  await expect(page.getByText('check your spam')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resend confirmation email' })).toBeVisible();
  await snap(page, testInfo, 'register-sent');

  // Logging in before confirming is refused with a way forward.
  await page.goto('/login');
  await hydrated(page);
  await logIn(page, 'PWT000001');
  await expect(page.getByRole('alert')).toContainText('Please confirm your email first');
  await expect(page.getByRole('alert').getByRole('button', { name: 'Resend confirmation email' })).toBeVisible();
  await snap(page, testInfo, 'login-unconfirmed');

  const link = await confirmationLink(page, email);
  expect(link.startsWith('http://localhost:3100/confirm?token=')).toBeTruthy();
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Email address confirmed' })).toBeVisible();
  await snap(page, testInfo, 'confirmed');

  await page.getByRole('link', { name: 'Log in' }).last().click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await logIn(page, 'PWT000001', 'wrong-password-12');
  await expect(page.getByRole('alert')).toContainText('The ID Number or password is incorrect');
  await snap(page, testInfo, 'login-wrong');
  await logIn(page, 'PWT000001', PASSWORD);
  await expect(page).toHaveURL(/\/results$/);
  await expect(page.locator('#candidate-name')).toHaveText('Marie Lefebvre');
  await expect(page.locator('#exam')).toHaveText('B2 First');
  await expect(page.locator('#overall-score')).toHaveText('176');
  await expect(page.locator('#grade')).toHaveText('B');
  await expect(page.locator('#cefr-level')).toHaveText('B2');
  for (const skill of ['Reading', 'Writing', 'Listening', 'Speaking']) {
    await expect(page.getByRole('img', { name: new RegExp(`^${skill}: \\d+`) })).toBeVisible();
  }
  await snap(page, testInfo, 'results-released');

  // A reused link says so.
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('already been used');

  await page.goto('/results');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/results');
  await expect(page).toHaveURL(/\/login$/);
  expect(blocked).toEqual([]);
  if (process.env.E2E_BALANCED) {
    expect([...replicas].length, `replicas seen: ${[...replicas]}`).toBeGreaterThanOrEqual(2);
  } else {
    expect(replicas.size).toBe(0);
  }
});

test('before the release time the candidate sees when, in their own time zone, and a countdown', async ({ page }, testInfo) => {
  const email = uniqueEmail('thomas');
  await page.goto('/register');
  await hydrated(page);
  await register(page, 'PWT000002', '1907', email);
  await expect(page).toHaveURL(/\/register\/sent/);
  await page.goto(await confirmationLink(page, email));
  await page.goto('/login');
  await hydrated(page);
  await logIn(page, 'PWT000002');
  await expect(page).toHaveURL(/\/results$/);
  const release = page.locator('#release-time');
  await expect(release).toContainText('Your results will be available from');
  // The browser runs in Europe/Paris: local time with the zone named, and UTC too.
  await expect(release).toContainText(/\d{2}:\d{2} \(Paris time\), that is \d+ \w+ \d{4} at \d{2}:\d{2} UTC/);
  await expect(page.getByRole('timer')).toContainText(/Time remaining: [12] d \d+ h \d+ min \d+ s/);
  await expect(page.locator('#overall-score')).toHaveCount(0);
  const html = await page.content();
  // Whole numbers only: the countdown's milliseconds may hold "186".
  for (const score of ['193', '190', '186', '199', '196', '194']) {
    expect(html).not.toMatch(new RegExp(`(?<!\\d)${score}(?!\\d)`));
  }
  await snap(page, testInfo, 'results-pending');
});

test('registration mistakes are shown next to each field without a round trip', async ({ page }, testInfo) => {
  await page.goto('/register');
  await hydrated(page);
  let posted = false;
  page.on('request', (r) => {
    if (r.method() === 'POST') posted = true;
  });
  await page.getByLabel('ID Number').fill('SIR09');
  await page.getByLabel('Secret Number').focus();
  await expect(page.locator('#id_number-error')).toHaveText(/three letters followed by six digits/);
  await expect(page.getByLabel('ID Number')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Password', { exact: true }).fill('password');
  await page.getByLabel('Confirm Password').fill('passw0rd');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.locator('#password-error')).toHaveText(/at least 2 digits/);
  await expect(page.locator('#confirm_password-error')).toHaveText(/do not match/);
  await expect(page.locator('#terms-error')).toHaveText(/agree to the terms of use/);
  // Focus goes to the summary, which links to each field with a problem.
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(summary.getByRole('link')).toHaveCount(6);
  await summary.getByRole('link', { name: /do not match/ }).click();
  await expect(page.getByLabel('Confirm Password')).toBeFocused();
  expect(posted).toBe(false);
  await snap(page, testInfo, 'register-errors');

  // A wrong ID/Secret pair is for the server to judge.
  await page.getByLabel('ID Number').fill('PWT000003');
  await page.getByLabel('Secret Number').fill('0000');
  await page.getByLabel('Email').fill(uniqueEmail('chloe'));
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm Password').fill(PASSWORD);
  await page.getByLabel('I agree to the terms of use').check();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('alert')).toContainText('The ID Number and Secret Number do not match our records');
  await expect(page.getByLabel('Email')).not.toHaveValue('');
});
