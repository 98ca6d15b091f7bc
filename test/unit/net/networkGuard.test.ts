import dgram from "node:dgram";
import dns from "node:dns";
import http from "node:http";
import net from "node:net";
import tls from "node:tls";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  NetworkBlockedError,
  installNetworkGuard,
  isLocalHost,
  networkGuardInstalled,
  networkRefusals,
} from "../../../electron/engine/net/networkGuard";

function connectError(socket: net.Socket): Promise<Error> {
  return new Promise((resolve, reject) => {
    socket.once("error", resolve);
    socket.once("connect", () => reject(new Error("connected to the outside world")));
  });
}

describe("network guard", () => {
  let server: net.Server;
  let port = 0;

  beforeAll(async () => {
    installNetworkGuard();
    server = net.createServer((socket) => socket.end("hello from loopback"));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => {
    server.close();
  });

  it("is installed for the whole test suite", () => {
    expect(networkGuardInstalled()).toBe(true);
  });

  it("refuses a TCP connection to a public address and records it", async () => {
    const before = networkRefusals().length;
    const error = await connectError(net.connect(443, "1.1.1.1"));
    expect(error).toBeInstanceOf(NetworkBlockedError);
    expect(error.message).toMatch(/offline/);
    const last = networkRefusals().slice(before);
    expect(last).toEqual([expect.objectContaining({ kind: "net", target: "1.1.1.1:443" })]);
    expect(Number.isNaN(Date.parse(last[0]!.at))).toBe(false);
  });

  it("refuses a TLS connection to a host name", async () => {
    const error = await connectError(tls.connect({ host: "example.com", port: 443 }));
    expect(error).toBeInstanceOf(NetworkBlockedError);
    expect(networkRefusals().at(-1)).toMatchObject({ kind: "tls", target: "example.com:443" });
  });

  it("refuses fetch to a public URL", async () => {
    await expect(fetch("https://example.com/data")).rejects.toBeInstanceOf(NetworkBlockedError);
    expect(networkRefusals().at(-1)).toMatchObject({
      kind: "fetch",
      target: "https://example.com",
    });
  });

  it("refuses an HTTP request through the default agent with an error event", async () => {
    const request = http.get("http://example.org/");
    const [error] = (await once(request, "error")) as [Error];
    expect(error).toBeInstanceOf(NetworkBlockedError);
  });

  it("refuses DNS lookups of public names in callback and promise form", async () => {
    const callbackError = await new Promise<Error | null>((resolve) =>
      dns.lookup("example.com", (e) => resolve(e)),
    );
    expect(callbackError).toBeInstanceOf(NetworkBlockedError);
    await expect(dns.promises.lookup("example.com")).rejects.toBeInstanceOf(NetworkBlockedError);
    await expect(dns.promises.resolve4("example.com")).rejects.toBeInstanceOf(NetworkBlockedError);
    expect(networkRefusals().at(-1)).toMatchObject({ kind: "dns", target: "example.com" });
  });

  it("refuses UDP datagrams to public addresses but delivers them on loopback", async () => {
    const receiver = dgram.createSocket("udp4");
    receiver.bind(0, "127.0.0.1");
    await once(receiver, "listening");
    const sender = dgram.createSocket("udp4");
    try {
      const refused = await new Promise<Error | null>((resolve) =>
        sender.send("x", 53, "8.8.8.8", (e) => resolve(e)),
      );
      expect(refused).toBeInstanceOf(NetworkBlockedError);
      expect(networkRefusals().at(-1)).toMatchObject({ kind: "udp", target: "8.8.8.8" });
      const received = once(receiver, "message");
      sender.send("local", receiver.address().port, "127.0.0.1");
      const [message] = (await received) as [Buffer];
      expect(message.toString()).toBe("local");
    } finally {
      sender.close();
      receiver.close();
    }
  });

  it("lets loopback connections through", async () => {
    const socket = net.connect(port, "127.0.0.1");
    socket.setEncoding("utf8");
    let text = "";
    socket.on("data", (d: string) => (text += d));
    await once(socket, "end");
    expect(text).toBe("hello from loopback");
  });

  it("lets fetch reach a local HTTP server and resolves localhost", async () => {
    const web = http.createServer((_req, res) => res.end("local ok"));
    web.listen(0, "127.0.0.1");
    await once(web, "listening");
    const webPort = (web.address() as net.AddressInfo).port;
    try {
      const response = await fetch(`http://127.0.0.1:${webPort}/`);
      expect(await response.text()).toBe("local ok");
      const { address } = await dns.promises.lookup("localhost");
      expect(isLocalHost(address)).toBe(true);
    } finally {
      web.close();
    }
  });

  it("recognises loopback addresses and nothing else as local", () => {
    for (const h of ["127.0.0.1", "127.5.6.7", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"])
      expect(isLocalHost(h)).toBe(true);
    for (const h of ["1.1.1.1", "10.0.0.1", "example.com", "::ffff:8.8.8.8", "2001:db8::1"])
      expect(isLocalHost(h)).toBe(false);
  });

  it("installing twice patches once", async () => {
    installNetworkGuard();
    installNetworkGuard();
    const before = networkRefusals().length;
    await connectError(net.connect(80, "8.8.8.8"));
    expect(networkRefusals().length - before).toBe(1);
  });
});
