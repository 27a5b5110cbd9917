import { expect, Page } from '@playwright/test';

/** MailDev's API, where the test server's mail lands. */
export const MAILDEV = 'http://127.0.0.1:1080/api/email';

export type Mail = { to: { address: string }[]; subject: string; text: string; html: string };

/** Every mail MailDev holds for `address` whose subject contains `subjectPart`, oldest first. */
export async function mailsTo(page: Page, address: string, subjectPart: string): Promise<Mail[]> {
  const res = await page.request.get(MAILDEV);
  expect(res.ok()).toBeTruthy();
  const mails = (await res.json()) as Mail[];
  return mails.filter(
    (m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()) && m.subject.includes(subjectPart),
  );
}

/** The newest mail to `address` whose subject contains `subjectPart`, waiting up to 15 s for it. */
export async function mailTo(page: Page, address: string, subjectPart: string): Promise<Mail> {
  let mail: Mail | undefined;
  await expect
    .poll(
      async () => {
        const mine = await mailsTo(page, address, subjectPart);
        mail = mine[mine.length - 1];
        return mail !== undefined;
      },
      { message: `a mail "${subjectPart}" to ${address}`, timeout: 15_000 },
    )
    .toBe(true);
  return mail!;
}

/** The first `<site>/<path>?token=<hex>` link in a mail's text. */
export function linkIn(text: string, path: string): string {
  const escaped = path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const link = text.match(new RegExp(`https?://\\S+${escaped}\\?token=[0-9a-f]+`))?.[0];
  expect(link, `a ${path} link in the mail`).toBeTruthy();
  return link!;
}
