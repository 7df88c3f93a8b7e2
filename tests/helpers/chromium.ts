// How the browser tests launch Chromium: CHROMIUM_PATH, else a system one (/usr/bin/chromium),
// else the one the npm package @sparticuz/chromium unpacks to /tmp, so `npm ci && npm test`
// needs nothing from apt.
import { existsSync } from 'node:fs';

const systemChromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** How to launch Chromium: the system's when there is one, else @sparticuz/chromium's. */
export async function chromiumLaunch(): Promise<{ executablePath: string; args: string[] }> {
  // Without the background-networking flags Chromium keeps dialling Google services, which a
  // closed network refuses.
  const quiet = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (existsSync(systemChromium)) return { executablePath: systemChromium, args: ['--headless', '--no-sandbox', '--disable-gpu', ...quiet] };
  if (process.env['CHROMIUM_PATH']) throw new Error(`CHROMIUM_PATH is set to ${systemChromium}, which does not exist`);
  const { default: packaged } = await import('@sparticuz/chromium');
  // Its flags are for serverless functions; in single-process mode closing one context closes the
  // whole browser, and these tests open several.
  return { executablePath: await packaged.executablePath(), args: [...packaged.args.filter((a) => a !== '--single-process'), ...quiet] };
}

/** Launch options for playwright-core's `chromium.launch`, headless. */
export async function chromiumLaunchOptions(): Promise<{ executablePath: string; args: string[]; headless: true }> {
  return { ...(await chromiumLaunch()), headless: true };
}
