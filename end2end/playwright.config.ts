import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
// E2E_BALANCED=1: the journey through nginx and two replicas on PostgreSQL.
const balanced = !!process.env.E2E_BALANCED;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: balanced ? 'playwright-report-balanced' : 'playwright-report' }]],
  outputDir: balanced ? 'test-results-balanced' : 'test-results',
  use: {
    // localhost, as PUBLIC_URL (serve.sh): browsers refuse 127.0.0.1 as a
    // passkey's relying party.
    baseURL: `http://localhost:${port}`,
    // Release times must be shown in the browser's own zone: test one that is not UTC.
    timezoneId: 'Europe/Paris',
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          // Without the networking flags Chromium tries to reach the internet and stalls here.
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
  ],
  webServer: [
    {
      command: 'npx maildev --smtp 1025 --web 1080 --ip 127.0.0.1 --silent',
      url: 'http://127.0.0.1:1080/api/email',
      reuseExistingServer: true,
      timeout: 30_000,
    },
    {
      // With E2E_BALANCED=1 it starts nginx in front of two replicas (see serve.sh).
      command: './serve.sh',
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
      // SIGTERM first, so the replicas stop gracefully and the database is dropped.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
});
