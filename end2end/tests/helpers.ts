import { expect, Page, TestInfo } from '@playwright/test';

export const PASSWORD = 'resultats69';

/** A fresh address per run, so mail from earlier runs never matches. */
export function uniqueEmail(name: string): string {
  return `${name}.${Date.now()}@example.com`;
}

/** Waits until the WASM has hydrated the page, so typing reaches the live form. */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** Saves a full-page screenshot as a test artifact. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

type MailDevEmail = { to: { address: string }[]; subject: string; text: string; html: string };

/** The confirmation link sent to `address`, read through MailDev's REST API. */
export async function confirmationLink(page: Page, address: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const res = await page.request.get('http://127.0.0.1:1080/api/email');
      const mails = (await res.json()) as MailDevEmail[];
      const mine = mails.filter((m) => m.to.some((t) => t.address === address));
      const last = mine[mine.length - 1];
      link = last?.text.match(/https?:\/\/\S+\/confirm\?token=[0-9a-f]+/)?.[0];
      return link;
    }, { timeout: 15_000 })
    .toBeTruthy();
  return link!;
}

export async function register(page: Page, id: string, secret: string, email: string) {
  await page.getByLabel('ID Number').fill(id);
  await page.getByLabel('Secret Number').fill(secret);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm Password').fill(PASSWORD);
  await page.getByLabel('I agree to the terms of use').check();
  await page.getByRole('button', { name: 'Register' }).click();
}

export async function logIn(page: Page, id: string, password = PASSWORD) {
  await page.getByLabel('ID Number').fill(id);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}
