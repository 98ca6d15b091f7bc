import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildCsp,
  navigationAllowed,
  permissionDecision,
  requestFilter,
  resolveAppUrl,
  secureWebPreferences,
} from "../../../electron/main/lockdown";

const root = path.resolve("/opt/enclave/dist/renderer");

describe("renderer web preferences", () => {
  it("keep page code away from Node and the network", () => {
    const prefs = secureWebPreferences("/x/preload.cjs");
    expect(prefs).toMatchObject({
      preload: "/x/preload.cjs",
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it("allow DevTools only when the caller asks (development builds)", () => {
    expect(secureWebPreferences("/x/preload.cjs", { devTools: true }).devTools).toBe(true);
  });
});

describe("content security policy", () => {
  const directives = (csp: string) =>
    new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));

  it("allows only the app's own scripts, WebAssembly for pdf.js, and no inline code", () => {
    const csp = directives(buildCsp());
    expect(csp.get("default-src")).toBe("'none'");
    expect(csp.get("script-src")).toBe("'self' 'wasm-unsafe-eval'");
    expect(csp.get("style-src")).toBe("'self'");
    expect(csp.get("connect-src")).toBe("'self'");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'none'");
    expect(csp.get("form-action")).toBe("'none'");
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(csp.get("img-src")).toBe("'self' blob: data:");
    expect(csp.get("worker-src")).toBe("'self' blob:");
    expect(csp.get("font-src")).toBe("'self' data:");
    expect(buildCsp()).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:|\*/);
  });

  it("adds inline styles only when asked", () => {
    expect(directives(buildCsp({ allowInlineStyles: true })).get("style-src")).toBe(
      "'self' 'unsafe-inline'",
    );
  });
});

describe("web requests", () => {
  it("lets the app's own files and in-memory resources load without counting them", () => {
    for (const url of [
      "app://enclave/index.html",
      "app://enclave/assets/pdf.worker.mjs",
      "blob:app://enclave/1234",
      "data:image/png;base64,AAAA",
      "devtools://devtools/bundled/inspector.html",
    ]) {
      expect(requestFilter(url), url).toEqual({ cancel: false, counted: false });
    }
  });

  it("blocks and counts everything that could leave the machine or read local files", () => {
    for (const url of [
      "http://localhost:8080/",
      "https://example.com/telemetry",
      "wss://example.com/socket",
      "ftp://example.com/f",
      "file:///etc/passwd",
      "chrome-extension://abc/x.js",
      "app://evil/index.html",
      "not a url",
      "",
    ]) {
      expect(requestFilter(url), url).toEqual({ cancel: true, counted: true });
    }
  });
});

describe("permissions", () => {
  it("grants only clipboard writes from the app's own page", () => {
    expect(
      permissionDecision("clipboard-sanitized-write", {
        requestingUrl: "app://enclave/index.html",
      }),
    ).toBe(true);
    expect(
      permissionDecision("clipboard-sanitized-write", { requestingOrigin: "app://enclave" }),
    ).toBe(true);
  });

  it("refuses clipboard writes from any other origin and every other permission", () => {
    expect(
      permissionDecision("clipboard-sanitized-write", { requestingUrl: "https://example.com/" }),
    ).toBe(false);
    expect(permissionDecision("clipboard-sanitized-write", {})).toBe(false);
    for (const permission of [
      "media",
      "geolocation",
      "notifications",
      "clipboard-read",
      "openExternal",
      "fullscreen",
      "hid",
      "usb",
      "serial",
      "unknown",
      "fileSystem",
    ]) {
      expect(
        permissionDecision(permission, { requestingUrl: "app://enclave/index.html" }),
        permission,
      ).toBe(false);
    }
  });
});

describe("navigation", () => {
  it("stays within the app", () => {
    expect(
      navigationAllowed("app://enclave/index.html", "app://enclave/index.html#/settings"),
    ).toBe(true);
    expect(navigationAllowed("", "app://enclave/index.html")).toBe(true);
  });

  it("refuses leaving the app for the web, local files, scripts or data", () => {
    for (const to of [
      "http://localhost/",
      "https://example.com/",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "app://other/index.html",
      "about:blank",
    ]) {
      expect(navigationAllowed("app://enclave/index.html", to), to).toBe(false);
    }
  });

  it("refuses navigation from a page that is not the app", () => {
    expect(navigationAllowed("https://example.com/", "app://enclave/index.html")).toBe(false);
  });
});

describe("app:// file resolution", () => {
  it("serves files under the renderer folder, and index.html for the root", () => {
    expect(resolveAppUrl("app://enclave/", root)).toBe(path.join(root, "index.html"));
    expect(resolveAppUrl("app://enclave/assets/index-abc.js?v=1#x", root)).toBe(
      path.join(root, "assets", "index-abc.js"),
    );
    expect(resolveAppUrl("app://enclave/assets/my%20font.woff2", root)).toBe(
      path.join(root, "assets", "my font.woff2"),
    );
  });

  it("refuses every attempt to leave the renderer folder", () => {
    for (const url of [
      "app://../../etc/passwd",
      "app://enclave/../../etc/passwd",
      "app://enclave/%2e%2e/%2e%2e/etc/passwd",
      "app://enclave/..%2f..%2fetc%2fpasswd",
      "app://enclave/assets/..%2F..%2F..%2Fetc%2Fpasswd",
      "app://enclave/%252e%252e/x",
      "app://enclave/..%5c..%5cwindows%5cwin.ini",
      "app://enclave/a%00.html",
      "app://enclave/%E0%A4%A",
      "app://user:pw@enclave/index.html",
    ]) {
      const resolved = resolveAppUrl(url, root);
      if (resolved !== null)
        expect(resolved.startsWith(root + path.sep), `${url} -> ${resolved}`).toBe(true);
      else expect(resolved).toBeNull();
    }
    expect(resolveAppUrl("app://enclave/..%2f..%2fetc%2fpasswd", root)).toBeNull();
    expect(resolveAppUrl("app://enclave/..%5c..%5cwindows%5cwin.ini", root)).toBeNull();
    expect(resolveAppUrl("app://enclave/a%00.html", root)).toBeNull();
  });

  it("refuses other schemes and hosts", () => {
    for (const url of [
      "file:///etc/passwd",
      "http://localhost/index.html",
      "javascript:alert(1)",
      "data:text/html,hi",
      "app://evil/index.html",
      "not a url",
    ]) {
      expect(resolveAppUrl(url, root), url).toBeNull();
    }
  });
});
