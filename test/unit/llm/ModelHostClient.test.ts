import { describe, expect, it } from "vitest";
import { ModelNotAllowedError } from "../../../electron/engine/llm/errors";
import type { HostRequest } from "../../../electron/engine/llm/hostProtocol";
import {
  ModelHostClient,
  ModelHostCrashedError,
  type ModelHostChannel,
} from "../../../electron/engine/llm/ModelHostClient";

/** A scripted host: records what it is sent; the test answers and ends it. */
function scriptedHost() {
  const hosts: {
    sent: HostRequest[];
    reply: (message: unknown) => void;
    exit: (how: string) => void;
  }[] = [];
  const launch = (): Promise<ModelHostChannel> => {
    const sent: HostRequest[] = [];
    let listener: (message: unknown) => void = () => undefined;
    const exits: ((how: string) => void)[] = [];
    const host = {
      sent,
      reply: (message: unknown) => listener(message),
      exit: (how: string) => exits.forEach((l) => l(how)),
    };
    hosts.push(host);
    return Promise.resolve({
      send: (message) => {
        sent.push(message);
        // The host answers its initialisation at once.
        if (message.kind === "init")
          queueMicrotask(() =>
            listener({ kind: "ok", id: message.id, value: null, backend: null }),
          );
      },
      onMessage: (l) => (listener = l),
      onExit: (l) => exits.push(l),
      kill: () => host.exit("signal SIGKILL"),
    });
  };
  return { hosts, launch };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("model host client", () => {
  it("streams tokens to the caller and resolves with the reply's value", async () => {
    const { hosts, launch } = scriptedHost();
    const client = new ModelHostClient({ launch });
    const tokens: string[] = [];
    const call = client.call(
      { kind: "rank", service: spec(), query: "q", documents: ["a"] },
      { onToken: (t) => tokens.push(t) },
    );
    await tick();
    const request = hosts[0]!.sent.find((m) => m.kind === "rank")!;
    hosts[0]!.reply({ kind: "token", id: request.id, text: "he" });
    hosts[0]!.reply({ kind: "bogus", id: request.id });
    hosts[0]!.reply({ kind: "ok", id: request.id, value: [0.5], backend: "cpu" });
    expect(await call).toEqual([0.5]);
    expect(tokens).toEqual(["he"]);
    expect(client.backend).toBe("cpu");
  });

  it("tells the host to stop a request when the caller's signal fires", async () => {
    const { hosts, launch } = scriptedHost();
    const client = new ModelHostClient({ launch });
    const controller = new AbortController();
    const call = client.call(
      { kind: "embed", service: spec(), texts: ["a"] },
      { signal: controller.signal },
    );
    await tick();
    const request = hosts[0]!.sent.find((m) => m.kind === "embed")!;
    controller.abort();
    expect(hosts[0]!.sent.at(-1)).toMatchObject({ kind: "abort", target: request.id });
    hosts[0]!.reply({
      kind: "error",
      id: request.id,
      error: { name: "AbortError", message: "aborted" },
      backend: null,
    });
    await expect(call).rejects.toThrow("aborted");
  });

  it("rebuilds the host's named errors as the same classes, code and all", async () => {
    const { hosts, launch } = scriptedHost();
    const client = new ModelHostClient({ launch });
    const call = client.call({ kind: "embed", service: spec(), texts: ["a"] });
    await tick();
    const request = hosts[0]!.sent.find((m) => m.kind === "embed")!;
    hosts[0]!.reply({
      kind: "error",
      id: request.id,
      error: { name: "ModelNotAllowedError", message: "not approved", code: "MODEL_NOT_ALLOWED" },
      backend: null,
    });
    await expect(call).rejects.toBeInstanceOf(ModelNotAllowedError);
    await expect(call).rejects.toMatchObject({
      code: "MODEL_NOT_ALLOWED",
      message: "not approved",
    });
  });

  it("fails every request in flight when the host ends, and starts a new host for the next", async () => {
    const { hosts, launch } = scriptedHost();
    const client = new ModelHostClient({ launch });
    const first = client.call({ kind: "embed", service: spec(), texts: ["a"] });
    const second = client.call({ kind: "rank", service: spec(), query: "q", documents: ["a"] });
    await tick();
    hosts[0]!.exit("exit code 134");
    await expect(first).rejects.toBeInstanceOf(ModelHostCrashedError);
    await expect(second).rejects.toThrow(/stopped unexpectedly \(exit code 134\)/);
    const third = client.call({ kind: "embed", service: spec(), texts: ["b"] });
    await tick();
    expect(hosts).toHaveLength(2);
    expect(hosts[1]!.sent[0]).toMatchObject({ kind: "init" });
    const request = hosts[1]!.sent.find((m) => m.kind === "embed")!;
    hosts[1]!.reply({ kind: "ok", id: request.id, value: "done", backend: null });
    expect(await third).toBe("done");
    expect(client.starts).toBe(2);
  });
});

function spec() {
  return {
    sid: 1,
    role: "embedding" as const,
    model: {
      id: "m",
      path: "/models/m.gguf",
      file: "m.gguf",
      contextLength: 512,
      embeddingLength: 32,
      hasChatTemplate: false,
    },
  };
}
