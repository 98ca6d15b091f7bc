/**
 * The shell's lockdown: what the renderer may load, where it may go, what it may ask for.
 * Every decision is a small pure function (unit-tested with hostile inputs); `lockSession` and
 * `lockWebContents` only wire them into a session and a window, so this module needs Electron's types only.
 */
import path from "node:path";
import type { Session, WebContents, WebPreferences } from "electron";
import type { BlockedRequestLog } from "./BlockedRequestLog";

/** The renderer's private scheme and host: the only origin that may load code or call the gateway. */
export const APP_SCHEME = "app";
export const APP_HOST = "enclave";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * BrowserWindow preferences for the renderer. Everything that lets page code reach Node or the
 * network is off; spellcheck is off because Chromium downloads its dictionaries.
 */
export function secureWebPreferences(
  preloadPath: string,
  options: { devTools: boolean } = { devTools: false },
): WebPreferences {
  return {
    preload: preloadPath,
    // Off in packaged builds: DevTools would show case text and let page code be rewritten.
    devTools: options.devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    enableWebSQL: false,
    safeDialogs: true,
  };
}

export interface CspOptions {
  /**
   * Adds 'unsafe-inline' to style-src. Default false: React's `style` prop and pdf.js's text
   * layer set styles through the CSSOM, which CSP does not restrict, and Vite emits CSS as
   * files, so nothing in the renderer needs inline <style> elements or style attributes.
   */
  allowInlineStyles?: boolean;
}

/**
 * The renderer's Content-Security-Policy. 'wasm-unsafe-eval' lets pdf.js compile its WebAssembly
 * image decoders (JPEG 2000) without allowing JavaScript eval; blob: workers and images cover
 * pdf.js's worker and rendered pages; connect-src 'self' keeps fetch on app://.
 */
export function buildCsp(options: CspOptions = {}): string {
  const styleSrc = options.allowInlineStyles === true ? "'self' 'unsafe-inline'" : "'self'";
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `style-src ${styleSrc}`,
    "img-src 'self' blob: data:",
    "worker-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    // A string that is not a URL cannot name anything the app serves.
    return null;
  }
}

/** True when `url` belongs to the app's own origin (app://enclave). */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** Schemes that never leave the machine and that CSP already governs; let through uncounted. */
const LOCAL_SCHEMES = new Set([`${APP_SCHEME}:`, "devtools:", "blob:", "data:"]);

/**
 * What to do with a web request from any renderer. Only the app's own origin and in-memory
 * resources load; everything else (http, https, ws, file, ftp, chrome-extension...) is cancelled
 * and counted for the privacy panel, which should show 0.
 */
export function requestFilter(url: string): { cancel: boolean; counted: boolean } {
  const parsed = parseUrl(url);
  if (parsed === null) return { cancel: true, counted: true };
  if (parsed.protocol === `${APP_SCHEME}:`) {
    const own = parsed.host === APP_HOST;
    return { cancel: !own, counted: !own };
  }
  if (LOCAL_SCHEMES.has(parsed.protocol)) return { cancel: false, counted: false };
  return { cancel: true, counted: true };
}

/** The details Electron passes with a permission request or check that this module reads. */
export interface PermissionDetails {
  requestingUrl?: string;
  /** Set on permission checks instead of requestingUrl. */
  requestingOrigin?: string;
}

/**
 * Whether to grant a permission. Only the app's own page may write to the clipboard (the
 * "copy answer" button); camera, microphone, notifications, geolocation, HID, USB, serial,
 * openExternal and everything Chromium adds later are denied.
 */
export function permissionDecision(permission: string, details: PermissionDetails): boolean {
  if (permission !== "clipboard-sanitized-write") return false;
  const from = details.requestingUrl ?? details.requestingOrigin ?? "";
  return isAppUrl(from);
}

/**
 * Whether the window may navigate from `from` to `to`. The renderer is a single page, so the
 * only acceptable navigation stays on the app's own origin; anything else (links in documents
 * or model output, javascript:, file:, data:) is refused. `from` is empty before the first load.
 */
export function navigationAllowed(from: string, to: string): boolean {
  const fromBlank = from === "" || from === "about:blank";
  return isAppUrl(to) && (fromBlank || isAppUrl(from));
}

/**
 * Maps an app:// URL to a file under `root` (the built renderer), or null when the URL is not
 * the app's origin or tries to leave `root` (dot segments, encoded or not, backslashes, NUL).
 * "/" serves index.html. Query and fragment are ignored.
 */
export function resolveAppUrl(url: string, root: string): string | null {
  const parsed = parseUrl(url);
  if (parsed === null || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST)
    return null;
  if (parsed.username !== "" || parsed.password !== "") return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    // Malformed percent-encoding names no file; refusing is the safe answer.
    return null;
  }
  if (pathname.includes("\0") || pathname.includes("\\")) return null;
  const segments = pathname.split("/").filter((segment) => segment !== "");
  if (segments.some((segment) => segment === "." || segment === "..")) return null;
  if (segments.length === 0) segments.push("index.html");
  const base = path.resolve(root);
  const full = path.resolve(base, ...segments);
  const relative = path.relative(base, full);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return null;
  return full;
}

/** Wires the session-wide decisions: web requests, permissions, devices, downloads. Call once. */
export function lockSession(session: Session, log: BlockedRequestLog): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const verdict = requestFilter(details.url);
    if (verdict.counted) log.record(details.url);
    callback({ cancel: verdict.cancel });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionDecision(permission, details));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionDecision(permission, { requestingOrigin }),
  );
  session.setDevicePermissionHandler(() => false);
  session.on("select-hid-device", (event, _details, callback) => {
    event.preventDefault();
    callback("");
  });
  session.on("select-serial-port", (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback("");
  });
  session.on("select-usb-device", (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on("will-download", (event) => event.preventDefault());
  session.setSpellCheckerEnabled(false);
}

/** Wires the per-window decisions: navigation, redirects, new windows, webviews. */
export function lockWebContents(webContents: WebContents): void {
  webContents.on("will-navigate", (event, url) => {
    if (!navigationAllowed(webContents.getURL(), url)) event.preventDefault();
  });
  webContents.on("will-redirect", (event, url) => {
    if (!navigationAllowed(webContents.getURL(), url)) event.preventDefault();
  });
  webContents.on("will-attach-webview", (event) => event.preventDefault());
  webContents.setWindowOpenHandler(() => ({ action: "deny" }));
}
