/**
 * Built sites in a real Chromium (Debian's, through playwright-core: nothing
 * downloads a browser): each folder served over HTTP on a free local port.
 */
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import sirv from 'sirv';

/** Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** Chromium and the servers of the sites it reads. */
export interface SiteBrowser {
  browser: Browser;
  /** Serve a built site; its origin (`http://127.0.0.1:PORT`). */
  serve: (dir: string) => Promise<string>;
  /** Close the browser and every server. */
  close: () => Promise<void>;
}

/**
 * Launch Chromium headless, ready to serve built sites.
 *
 * @returns the browser, a way to serve folders, and the way to close both.
 */
export async function siteBrowser(): Promise<SiteBrowser> {
  const servers: Server[] = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  return {
    browser,
    serve: async (dir) => {
      const server = createServer(sirv(dir, { dev: true }));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    },
    close: async () => {
      await browser.close();
      for (const server of servers) await new Promise((resolve) => server.close(resolve));
    },
  };
}
