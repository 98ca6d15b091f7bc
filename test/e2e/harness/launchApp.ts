/**
 * Opens the built renderer in Debian's headless Chromium with `window.enclave` bound to a real
 * engine through the real gateway. Nothing listens on a port: the app origin is served from the
 * build folder by request interception, and every other request is recorded and refused.
 */
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { eventChannel, eventNames, type EventName } from "../../../shared/contract";
import type { EngineApi } from "../../../electron/engine/EngineApi";
import { createGateway } from "../../../electron/main/gateway";
import { buildCsp } from "../../../electron/main/lockdown";

export const appOrigin = "http://enclave.app";

/** Paths the fake native dialogs return, in order; an empty queue means "cancelled". */
export class FakeDialog {
  readonly imports: string[][] = [];
  readonly models: string[] = [];
  readonly opened: string[] = [];
  /** Where exports are saved, in order; an empty queue means "cancelled". */
  readonly saves: string[] = [];
}

export interface LaunchAppOptions {
  /** The renderer build folder (from buildRenderer). */
  distDir: string;
  /** The page bridge script (from buildBridgeScript). */
  bridgeScript: string;
  engine: EngineApi;
  dialog: FakeDialog;
  /** Browser window size. Default: 1440 × 900. */
  viewport?: { width: number; height: number };
}

export interface AppHarness {
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Requests for anything but the app's origin (expected: none). */
  foreignRequests: () => string[];
  /** Every engine event delivered to the page, in order. */
  events: { event: EventName; payload: unknown }[];
  close(): Promise<void>;
}

const mime: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".pfb": "application/octet-stream",
  ".ttf": "font/ttf",
  ".bcmap": "application/octet-stream",
};

const isApp = (url: string): boolean => url === appOrigin || url.startsWith(`${appOrigin}/`);

/** Encodes values the binding cannot carry (bytes) so the page bridge can restore them. */
function encode(value: unknown): unknown {
  const env = value as { ok?: boolean; value?: unknown };
  if (env.ok === true && env.value instanceof Uint8Array) {
    return { ok: true, value: { __bytes: Buffer.from(env.value).toString("base64") } };
  }
  return value;
}

export async function launchApp(options: LaunchAppOptions): Promise<AppHarness> {
  const browser: Browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    colorScheme: "light",
  });
  const requests: string[] = [];
  context.on("request", (r) => requests.push(r.url()));
  // Dedicated workers (pdf.js) fetch through the context too; blob: and data: never hit the network.
  const csp = buildCsp();
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (!isApp(url)) {
      await route.abort("blockedbyclient");
      return;
    }
    const pathname = decodeURIComponent(new URL(url).pathname);
    const file = normalize(join(options.distDir, pathname === "/" ? "index.html" : pathname));
    if (!file.startsWith(options.distDir)) {
      await route.fulfill({ status: 403 });
      return;
    }
    try {
      // The shell's own CSP on every response (workers take theirs from their script's headers).
      await route.fulfill({
        status: 200,
        body: await readFile(file),
        contentType: mime[extname(file)] ?? "application/octet-stream",
        headers: { "Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff" },
      });
    } catch (error) {
      await route.fulfill({
        status: 404,
        body: `Not in the build: ${pathname} (${String(error)})`,
      });
    }
  });

  const foreignRequests = () =>
    requests.filter((u) => !isApp(u) && !u.startsWith("blob:") && !u.startsWith("data:"));
  const gateway = createGateway({
    engine: options.engine,
    shell: {
      pickImportPaths: () => Promise.resolve(options.dialog.imports.shift() ?? null),
      pickModelFile: () => Promise.resolve(options.dialog.models.shift() ?? null),
      pickSavePath: () => Promise.resolve(options.dialog.saves.shift() ?? null),
      openPath: (path) => {
        options.dialog.opened.push(path);
        return Promise.resolve();
      },
      blockedRequests: () => ({ count: foreignRequests().length, urls: foreignRequests() }),
    },
    isTrustedSender: isApp,
    onInternalError: (method, error) => console.error(`[e2e gateway] ${method}`, error),
  });
  await context.exposeBinding("__enclaveInvoke", async (source, channel: string, args: unknown) =>
    encode(await gateway.handle(channel.replace(/^enclave:/, ""), source.frame.url(), args)),
  );
  await context.addInitScript({ content: options.bridgeScript });

  const page = await context.newPage();
  page.on("pageerror", (error) => console.error("[e2e page error]", error));
  const events: { event: EventName; payload: unknown }[] = [];
  const unsubscribers = eventNames.map((event) =>
    options.engine.on(event, (payload) => {
      events.push({ event, payload });
      page
        .evaluate(
          ([channel, p]) =>
            (
              window as unknown as { __enclaveEmit?: (c: string, p: unknown) => void }
            ).__enclaveEmit?.(channel, p),
          [eventChannel(event), payload] as const,
        )
        .catch((error: unknown) => {
          // The page may be navigating or closed; an event for it then has no one to reach.
          if (!page.isClosed()) console.error(`[e2e] could not deliver ${event}`, error);
        });
    }),
  );
  await page.goto(`${appOrigin}/index.html`);

  return {
    page,
    requests,
    foreignRequests,
    events,
    async close() {
      for (const off of unsubscribers) off();
      await gateway.abortInFlight();
      await browser.close();
    },
  };
}
