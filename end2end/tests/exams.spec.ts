import { expect, Page, test } from '@playwright/test';
import { checkPage, hydrated, PASSWORD, registerAndConfirm, signIn, snap, uniqueEmail } from './helpers';

// One candidate, two exams: PWT000024 (B2 First, 2025, released) and
// PWT000025 (C1 Advanced, 2026, results in two days). And another pair,
// PWT000026 and PWT000027, for the same forms without JavaScript.

test.describe('in French, by keyboard', () => {
  test.use({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });

  test('a second exam is added and removed on the account page', async ({ page }, testInfo) => {
    await registerAndConfirm(page, 'PWT000024', '2024', uniqueEmail('claire'));
    await signIn(page, 'PWT000024');
    await page.goto('/account');
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.locator('#account-exams li')).toHaveCount(1);

    // The browser checks the numbers with the registration's rules, in French.
    const form = page.locator('#add-exam-form');
    await form.locator('#id_number').focus();
    await page.keyboard.type('PWT00002');
    await page.keyboard.press('Enter');
    await expect(form.locator('#id_number-error')).toHaveText(/trois lettres suivies de six chiffres/);
    await form.locator('#id_number').fill('');
    await form.locator('#id_number').focus();
    await page.keyboard.type('PWT000025');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2025');
    await page.keyboard.press('Enter');
    await expect(page.locator('#account-done')).toContainText('L’examen a été ajouté à votre compte.');
    const exams = page.locator('#account-exams li');
    await expect(exams).toHaveCount(2);
    await expect(exams.first()).toContainText('C1 Advanced');
    await expect(exams.first()).toContainText('28 novembre 2026');
    await checkPage(page, testInfo, 'fr-desktop-account-two-exams');
    await page.setViewportSize({ width: 320, height: 640 });
    await checkPage(page, testInfo, 'fr-phone-account-two-exams');

    // The results page shows the first exam in full and lists the other,
    // whose results are not out yet.
    await page.goto('/results');
    await hydrated(page);
    await expect(page.locator('#overall-score')).toHaveText('176');
    const others = page.locator('#other-exams li');
    await expect(others).toHaveCount(1);
    await expect(others.first()).toContainText('C1 Advanced');
    await expect(others.first()).toContainText('Vos résultats seront disponibles');
    await checkPage(page, testInfo, 'fr-phone-results-two-exams');

    // Either ID Number signs in to the one account.
    await page.context().clearCookies();
    await signIn(page, 'PWT000025');
    await page.goto('/account');
    await hydrated(page);
    await expect(page.locator('#account-exams li')).toHaveCount(2);

    await page.locator('#remove_exam').selectOption('PWT000025');
    await page.locator('#remove_current_password').focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page.locator('#account-done')).toContainText('L’examen a été retiré de votre compte.');
    await expect(page.locator('#account-exams li')).toHaveCount(1);
    await expect(page.locator('#remove-exam-form')).toHaveCount(0);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  async function addExam(page: Page, id: string, secret: string) {
    const form = page.locator('#add-exam-form');
    await form.getByLabel('ID Number').fill(id);
    await form.getByLabel('Secret Number').fill(secret);
    await form.getByRole('button', { name: 'Add the exam' }).click();
  }

  test('the add and remove forms answer from the server', async ({ page }, testInfo) => {
    await registerAndConfirm(page, 'PWT000026', '2026', uniqueEmail('yanis'));
    await signIn(page, 'PWT000026');
    await page.goto('/account');
    await addExam(page, 'PWT000027', '0000');
    await expect(page.locator('#add-exam').getByRole('alert')).toContainText('do not match our records');
    await expect(page.locator('#add-exam-form').getByLabel('ID Number')).toHaveValue('PWT000027');
    await addExam(page, 'PWT000027', '2027');
    await expect(page.locator('#account-done')).toContainText('The exam was added to your account.');
    await expect(page.locator('#account-exams li')).toHaveCount(2);

    await page.locator('#remove_exam').selectOption('PWT000026');
    await page.locator('#remove_current_password').fill('not-the-password-1');
    await page.getByRole('button', { name: 'Remove the exam' }).click();
    await expect(page.locator('#remove_current_password-error')).toHaveText('The password is not correct.');
    await expect(page.locator('#account-exams li')).toHaveCount(2);
    await snap(page, testInfo, 'nojs-account-remove-refused');
  });
});
