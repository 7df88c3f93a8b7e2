// How the tests launch headless Chromium: CHROMIUM_PATH, else a system one (/usr/bin/chromium),
// else the one the npm package @sparticuz/chromium unpacks to /tmp, so `npm ci && npm test` needs
// nothing from apt.
import { existsSync } from 'node:fs';

/** Launch options for playwright-core's `chromium.launch`. */
export async function chromiumLaunchOptions(): Promise<{ executablePath: string; args: string[]; headless: true }> {
  const system = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  // Without the background-networking flags Chromium keeps dialling Google services, which a
  // closed network refuses.
  const quiet = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (existsSync(system)) return { executablePath: system, args: ['--headless', '--no-sandbox', '--disable-gpu', ...quiet], headless: true };
  if (process.env['CHROMIUM_PATH']) throw new Error(`CHROMIUM_PATH is set to ${system}, which does not exist`);
  const { default: packaged } = await import('@sparticuz/chromium');
  // Its flags are for serverless functions; in single-process mode closing one context closes the whole browser.
  return { executablePath: await packaged.executablePath(), args: [...packaged.args.filter((a) => a !== '--single-process'), ...quiet], headless: true };
}
