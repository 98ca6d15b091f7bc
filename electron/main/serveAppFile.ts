/** Answers app:// requests with files from the built renderer, under the lockdown's CSP. */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { resolveAppUrl } from "./lockdown";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  // Streaming WebAssembly compilation (pdf.js decoders) requires this exact type.
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".txt": "text/plain; charset=utf-8",
};

function notFound(): Response {
  return new Response("Not found", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * The response for one app:// URL: the file's bytes with its type, the CSP (on every response,
 * because workers take their policy from their own script's headers) and nosniff; 404 for
 * anything outside `root`, missing, or a folder.
 */
export async function serveAppFile(url: string, root: string, csp: string): Promise<Response> {
  const file = resolveAppUrl(url, root);
  if (file === null) return notFound();
  try {
    const info = await stat(file);
    if (!info.isFile()) return notFound();
    const body = await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        "Content-Type":
          CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return notFound();
    throw error;
  }
}
