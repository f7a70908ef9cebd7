/** What the H5 browser tests share: the system Chromium, its flags, a poll helper and signing up in the app. */
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const PASSWORD = 'correct horse battery';

/** Reads until `done` holds or the time is up; returns the last value read (the caller asserts on it). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Creates an account in the app (organization chosen by link) and returns the new H5 user's id;
 * `beforeSubmit` runs with the form filled in (a screenshot, say).
 */
export async function registerInApp(
  page: Page,
  origin: string,
  account: { orgId: string; email: string; name: string },
  beforeSubmit?: () => Promise<unknown>,
): Promise<string> {
  const { orgId, email, name } = account;
  await page.goto(`${origin}/h5/?org=${orgId}`);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.locator('input[name=displayName]').fill(name);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await beforeSubmit?.();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('no-agents').waitFor();
  return page.evaluate(() => JSON.parse(localStorage.getItem('mc.h5.session') ?? 'null')?.user.id as string);
}
