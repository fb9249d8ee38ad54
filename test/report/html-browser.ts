// Headless Chromium (Debian's package) for the HTML report tests, offline, and where their screenshots go.
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Screenshots go to test-output/, or to the folder OSSAST_SHOTS names. */
export const shots = process.env['OSSAST_SHOTS'] ?? join(import.meta.dirname, '../../test-output');

export const launch = (): Promise<Browser> =>
  chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
