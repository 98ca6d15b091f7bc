/**
 * engine/net — the network guard (this file). Layer: bottom row with llm, beside support; it
 * depends on nothing of the engine, and Engine.create installs it before anything else runs.
 *
 * Refuses every network connection that would leave this machine. The product promises never to
 * touch the network; this makes that promise checkable (tests fail, the privacy panel counts)
 * instead of resting on every dependency behaving.
 *
 * Patched: net.Socket.prototype.connect (covers net.connect, tls.connect, http/https agents and
 * Node's bundled undici, which all open sockets through it), dns.lookup / dns.resolve* (callback,
 * promise and Resolver forms), dgram sends and globalThis.fetch. Loopback addresses, "localhost"
 * and Unix sockets / named pipes stay allowed, so IPC, local servers and a local browser keep working.
 *
 * The patch is per JavaScript realm: every worker_threads worker the engine starts calls
 * installNetworkGuard() itself, and posts its refusals to the main thread, which records them with
 * `recordNetworkRefusal` so that one list (the privacy panel's) shows them all.
 */
import type { ErrorCode } from "../../../shared/errorCodes";
import dgram from "node:dgram";
import dns from "node:dns";
import net from "node:net";
import tls from "node:tls";

export type NetworkRefusalKind = "net" | "tls" | "dns" | "fetch" | "udp";

export interface NetworkRefusal {
  /** ISO time of the attempt. */
  at: string;
  kind: NetworkRefusalKind;
  /** "host:port", a host name, or a URL. */
  target: string;
}

export class NetworkBlockedError extends Error {
  override readonly name = "NetworkBlockedError";
  readonly code: ErrorCode = "NETWORK_BLOCKED";
  constructor(readonly refusal: NetworkRefusal) {
    super(
      `Enclave works offline and refused a network connection to ${refusal.target} (${refusal.kind}). ` +
        "Nothing was sent. If an administrator allowed an internal server, add it to the allowed hosts.",
    );
  }
}

export interface NetworkGuardOptions {
  /** Extra host names or IPs that may be reached (e.g. an internal inference server). Default: none. */
  allowHosts?: string[];
  /** Called after each refusal is recorded. Default: none. */
  onRefusal?: (refusal: NetworkRefusal) => void;
}

interface GuardState {
  refusals: NetworkRefusal[];
  allowHosts: Set<string>;
  listeners: ((r: NetworkRefusal) => void)[];
}

const MAX_RECORDED = 1000;
// Kept on globalThis so two copies of this module (bundles, test module graphs) share one patch.
const STATE_KEY = Symbol.for("enclave.networkGuard");

function state(): GuardState | undefined {
  return (globalThis as Record<symbol, GuardState | undefined>)[STATE_KEY];
}

/** Whether a host is this machine: loopback IPs, "localhost", the unspecified address. */
export function isLocalHost(host: string | undefined | null): boolean {
  if (host == null || host === "") return true; // Node defaults to localhost.
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (net.isIPv4(h)) return h.startsWith("127.") || h === "0.0.0.0";
  if (net.isIPv6(h)) {
    if (h === "::1" || h === "::" || /^(0{1,4}:){7}0{0,3}1$/.test(h)) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    return mapped?.[1] !== undefined && mapped[1].startsWith("127.");
  }
  return false;
}

function allowed(host: string | undefined | null): boolean {
  if (isLocalHost(host)) return true;
  return (
    host != null && (state()?.allowHosts.has(host.replace(/^\[|\]$/g, "").toLowerCase()) ?? false)
  );
}

function refuse(kind: NetworkRefusalKind, target: string): NetworkBlockedError {
  const refusal: NetworkRefusal = { at: new Date().toISOString(), kind, target };
  recordNetworkRefusal(refusal);
  return new NetworkBlockedError(refusal);
}

/**
 * Records a refusal made elsewhere (a worker thread's own guard, posted to this thread) as if
 * this realm's guard had made it. Does nothing where the guard is not installed.
 */
export function recordNetworkRefusal(refusal: NetworkRefusal): void {
  const s = state();
  if (!s) return;
  s.refusals.push(refusal);
  if (s.refusals.length > MAX_RECORDED) s.refusals.splice(0, s.refusals.length - MAX_RECORDED);
  for (const listener of s.listeners) listener(refusal);
}

/** Host, port and path from any of Socket#connect's call forms (including Node's internal array form). */
function connectTarget(args: unknown[]): { host?: string; port?: unknown; path?: string } {
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  if (typeof first === "object" && first !== null) {
    const o = first as { host?: unknown; port?: unknown; path?: unknown };
    return {
      host: typeof o.host === "string" ? o.host : undefined,
      port: o.port,
      path: typeof o.path === "string" ? o.path : undefined,
    };
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return { path: first };
  return { port: first, host: typeof args[1] === "string" ? args[1] : undefined };
}

function patchSockets(): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with apply(this, ...)
  const original = net.Socket.prototype.connect;
  const guarded = function (this: net.Socket, ...args: unknown[]): net.Socket {
    const { host, port, path } = connectTarget(args);
    if (path !== undefined || allowed(host))
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    const error = refuse(this instanceof tls.TLSSocket ? "tls" : "net", `${host}:${String(port)}`);
    // Fail like a refused connection (an 'error' event), so HTTP clients report it instead of crashing.
    process.nextTick(() => this.destroy(error));
    return this;
  };
  net.Socket.prototype.connect = guarded;
}

type Callback = (error: Error | null, ...rest: unknown[]) => void;

function patchDns(): void {
  const callbackNames = [
    "lookup",
    "resolve",
    "resolve4",
    "resolve6",
    "resolveAny",
    "resolveCname",
    "resolveMx",
    "resolveNs",
    "resolveTxt",
    "resolveSrv",
    "resolvePtr",
    "resolveNaptr",
    "resolveSoa",
    "resolveCaa",
    "reverse",
  ] as const;
  const patchCallbackApi = (api: object): void => {
    const target = api as Record<string, unknown>;
    for (const name of callbackNames) {
      const original = target[name];
      if (typeof original !== "function") continue;
      target[name] = function (this: unknown, hostname: unknown, ...rest: unknown[]): unknown {
        if (typeof hostname === "string" && !allowed(hostname)) {
          const error = refuse("dns", hostname);
          const callback = rest.findLast((x): x is Callback => typeof x === "function");
          if (callback) process.nextTick(() => callback(error));
          else throw error;
          return undefined;
        }
        return (original as (...a: unknown[]) => unknown).call(this, hostname, ...rest);
      };
    }
  };
  const patchPromiseApi = (api: object): void => {
    const target = api as Record<string, unknown>;
    for (const name of callbackNames) {
      const original = target[name];
      if (typeof original !== "function") continue;
      target[name] = function (this: unknown, hostname: unknown, ...rest: unknown[]): unknown {
        if (typeof hostname === "string" && !allowed(hostname))
          return Promise.reject(refuse("dns", hostname));
        return (original as (...a: unknown[]) => unknown).call(this, hostname, ...rest);
      };
    }
  };
  patchCallbackApi(dns);
  patchCallbackApi(dns.Resolver.prototype);
  patchPromiseApi(dns.promises);
  patchPromiseApi(dns.promises.Resolver.prototype);
}

function patchUdp(): void {
  const proto = dgram.Socket.prototype as unknown as Record<string, unknown>;
  const originalSend = proto.send as (...a: unknown[]) => unknown;
  proto.send = function (this: dgram.Socket, ...args: unknown[]): unknown {
    // The address is the last string argument; without one, node sends to the connected peer or localhost.
    const address = args.slice(1).findLast((x): x is string => typeof x === "string");
    if (address !== undefined && !allowed(address)) {
      const error = refuse("udp", address);
      const callback = args.findLast((x): x is Callback => typeof x === "function");
      if (callback) process.nextTick(() => callback(error));
      else throw error;
      return undefined;
    }
    return originalSend.apply(this, args);
  };
  const originalConnect = proto.connect as (...a: unknown[]) => unknown;
  proto.connect = function (
    this: dgram.Socket,
    port: unknown,
    address?: unknown,
    ...rest: unknown[]
  ): unknown {
    if (typeof address === "string" && !allowed(address))
      throw refuse("udp", `${address}:${String(port)}`);
    return originalConnect.call(this, port, address, ...rest);
  };
}

function patchFetch(): void {
  const original = globalThis.fetch;
  if (typeof original !== "function") return;
  globalThis.fetch = function (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    // Not an absolute URL: fetch itself rejects it with its usual error.
    const url = URL.canParse(href) ? new URL(href) : null;
    if (
      url &&
      (url.protocol === "http:" ||
        url.protocol === "https:" ||
        url.protocol === "ws:" ||
        url.protocol === "wss:") &&
      !allowed(url.hostname)
    ) {
      return Promise.reject(refuse("fetch", url.origin));
    }
    return original(input, init);
  };
}

/**
 * Installs the guard for this realm (idempotent: later calls only add allowed hosts and listeners).
 * Returns the function that reads the refusals.
 */
export function installNetworkGuard(options: NetworkGuardOptions = {}): () => NetworkRefusal[] {
  let s = state();
  if (!s) {
    s = { refusals: [], allowHosts: new Set(), listeners: [] };
    (globalThis as Record<symbol, GuardState | undefined>)[STATE_KEY] = s;
    patchSockets();
    patchDns();
    patchUdp();
    patchFetch();
  }
  for (const host of options.allowHosts ?? []) s.allowHosts.add(host.toLowerCase());
  if (options.onRefusal) s.listeners.push(options.onRefusal);
  return networkRefusals;
}

/** Whether the guard is installed in this realm. */
export function networkGuardInstalled(): boolean {
  return state() !== undefined;
}

/** Connections refused so far, oldest first (a copy; at most the last 1000). */
export function networkRefusals(): NetworkRefusal[] {
  return [...(state()?.refusals ?? [])];
}
