/**
 * The built site served by the real server (`npm start`): `/.well-known/security.txt` is served as built, and on
 * `/demo/` the page finds the server, the example shop creates a payment request, and the real widget reaches
 * `ready` against the offline Stripe sandbox. Needs the built site and widget (`npm run build`), as `npm test`
 * provides.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './browser.ts';

const built = existsSync('dist/site/demo/index.html') && existsSync('dist/widget/cargopay.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.runIf(built)('the site served by npm start', () => {
  let child: ChildProcess;
  let browser: Browser;
  let origin = '';

  beforeAll(async () => {
    const port = await freePort();
    const data = mkdtempSync(join(tmpdir(), 'cargopay-demo-'));
    // The example shop's merchant allows the server's public URL, http://127.0.0.1:<port> by default, and in
    // development its other loopback spelling: the demo is opened as a newcomer may type it.
    origin = `http://localhost:${port}`;
    child = spawn(process.execPath, ['server/src/main.ts'], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        DATABASE_PATH: join(data, 'cargopay.sqlite'),
        BACKUP_DIR: join(data, 'backups'),
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    for (let tries = 0; tries < 100; tries++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((response) => response.ok)
        .catch(() => false);
      if (ok) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
  });

  it('serves /.well-known/security.txt (RFC 9116) as the site built it, or 404 without an operator contact', async () => {
    const built = 'dist/site/.well-known/security.txt';
    const response = await fetch(`${origin}/.well-known/security.txt`);
    if (existsSync(built)) {
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(readFileSync(built, 'utf8'));
    } else {
      expect(response.status).toBe(404);
    }
  });

  it('answers /favicon.ico with a real icon, which browsers ask for whatever the page names', async () => {
    const response = await fetch(`${origin}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\//);
    // An ICO file: reserved 0, type 1 (icon), at least one image.
    const head = Buffer.from(await response.arrayBuffer()).subarray(0, 6);
    expect([...head]).toEqual([0, 0, 1, 0, 1, 0]);
  });

  it("renders the 404 page from the docs' own 404 entry (no Starlight fallback, no build warning), in both languages", async () => {
    const page = await (await fetch(`${origin}/404.html`)).text();
    expect(page).toContain('This page does not exist; check the address, or search.');
    expect(page).toContain('Esta página no existe; revise la dirección o busque.');
    // A draft entry: the 404 page only, not a page of its own in each locale.
    for (const path of ['/404/', '/es/404/']) expect((await fetch(`${origin}${path}`)).status).toBe(404);
  });

  it.each(['/demo/', '/es/demo/'])(
    '%s creates a payment request and the widget becomes ready',
    async (path) => {
      const page = await browser.newPage();
      await page.goto(origin + path);
      await page.locator('[data-demo-form]').waitFor({ state: 'visible', timeout: 15_000 });
      await page.click('[data-demo-form] button[type=submit]');
      const checkout = page.locator('cargopay-checkout[ready]');
      await checkout.waitFor({ timeout: 30_000 });
      expect(await checkout.getAttribute('payment-request')).toMatch(/^pr_[0-9A-Za-z]{24}$/);
      expect(await page.textContent('[data-demo-status]')).toContain('pr_');
      await page.close();
    },
    60_000,
  );
});
