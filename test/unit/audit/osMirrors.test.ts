import { describe, expect, it } from "vitest";
import {
  formatMirrorRecord,
  type AuditMirrorRecord,
  type MirrorIo,
  type ProcessResult,
} from "../../../electron/engine/audit/mirror/AuditMirror";
import { platformAuditMirror } from "../../../electron/engine/audit/mirror/platformMirror";

const record = (seq: number): AuditMirrorRecord => ({
  log: "1".repeat(16),
  chain: "c".repeat(16),
  seq,
  hash: seq.toString(16).padStart(64, "0"),
});

/** A machine with these files, whose programs answer with `answer` and are recorded. */
function fakeMachine(files: string[], answer: (file: string) => ProcessResult = () => ok("")) {
  const calls: { file: string; args: readonly string[]; input?: string }[] = [];
  const io: MirrorIo = {
    exists: (path) => files.includes(path),
    run: (file, args, input) => {
      calls.push({ file, args, input });
      return Promise.resolve(answer(file));
    },
  };
  return { io, calls };
}
const ok = (stdout: string): ProcessResult => ({ code: 0, stdout, stderr: "" });
const mirrorOf = (found: ReturnType<typeof platformAuditMirror>) => {
  if (!("mirror" in found)) throw new Error(`expected a mirror: ${found.unavailable}`);
  return found.mirror;
};

const journald = [
  "/run/systemd/journal/socket",
  "/usr/bin/systemd-cat",
  "/usr/bin/journalctl",
  "/dev/log",
  "/usr/bin/logger",
];

describe("the Linux mirror", () => {
  it("writes one journal entry per line through systemd-cat, by absolute path, in one call", async () => {
    const { io, calls } = fakeMachine(journald);
    const mirror = mirrorOf(platformAuditMirror({ platform: "linux", io }));
    await mirror.write([record(1), record(2)]);
    expect(mirror.name).toBe("the systemd journal");
    expect(calls).toEqual([
      {
        file: "/usr/bin/systemd-cat",
        args: ["-t", "enclave-audit", "-p", "notice"],
        input: `${formatMirrorRecord(record(1))}\n${formatMirrorRecord(record(2))}\n`,
      },
    ]);
  });

  it("reads the records back from journalctl's JSON", async () => {
    const json = [record(1), record(2)]
      .map((r) => JSON.stringify({ MESSAGE: formatMirrorRecord(r), __CURSOR: "s=1" }))
      .join("\n");
    const { io, calls } = fakeMachine(journald, () => ok(json));
    const mirror = mirrorOf(platformAuditMirror({ platform: "linux", io }));
    expect(await mirror.readAll()).toEqual([record(1), record(2)]);
    expect(calls[0]?.file).toBe("/usr/bin/journalctl");
    expect(calls[0]?.args).toEqual(expect.arrayContaining(["-t", "enclave-audit", "-o", "json"]));
  });

  it("says the journal is unreadable rather than empty when this user may not open it", async () => {
    const { io } = fakeMachine(journald, () => ({
      code: 0,
      stdout: "",
      stderr: "No journal files were opened due to insufficient permissions.",
    }));
    const mirror = mirrorOf(platformAuditMirror({ platform: "linux", io }));
    await expect(mirror.readAll()).rejects.toThrow(/insufficient permissions/);
  });

  it("rejects a write the tool refused, naming the tool and what it said", async () => {
    const { io } = fakeMachine(journald, () => ({
      code: 1,
      stdout: "",
      stderr: "Failed to connect",
    }));
    const mirror = mirrorOf(platformAuditMirror({ platform: "linux", io }));
    await expect(mirror.write([record(1)])).rejects.toThrow(
      "/usr/bin/systemd-cat exited with code 1: Failed to connect",
    );
  });

  it("falls back to syslog through logger where no journald runs", async () => {
    const { io, calls } = fakeMachine(["/dev/log", "/usr/bin/logger"]);
    const mirror = mirrorOf(platformAuditMirror({ platform: "linux", io }));
    await mirror.write([record(3)]);
    expect(mirror.name).toBe("syslog");
    expect(calls[0]).toMatchObject({
      file: "/usr/bin/logger",
      args: ["-t", "enclave-audit", "-p", "user.notice"],
    });
  });

  it("says plainly that there is no OS log where neither runs", () => {
    const { io } = fakeMachine(["/usr/bin/journalctl", "/usr/bin/logger"]);
    const found = platformAuditMirror({ platform: "linux", io });
    expect(found).toEqual({
      unavailable: expect.stringMatching(/neither the systemd journal/) as unknown,
    });
  });
});

describe("the Windows mirror", () => {
  const root = "C:\\Windows";
  const tools = [`${root}\\System32\\eventcreate.exe`, `${root}\\System32\\wevtutil.exe`];

  it("writes events under source Enclave with eventcreate from the system folder, 16 records per event", async () => {
    const { io, calls } = fakeMachine(tools);
    const mirror = mirrorOf(
      platformAuditMirror({ platform: "win32", io, windowsSystemRoot: () => root }),
    );
    await mirror.write(Array.from({ length: 20 }, (_, i) => record(i + 1)));
    expect(calls.map((c) => c.file)).toEqual([tools[0], tools[0]]);
    expect(calls[0]?.args.slice(0, 9)).toEqual([
      "/L",
      "APPLICATION",
      "/T",
      "INFORMATION",
      "/SO",
      "Enclave",
      "/ID",
      "1",
      "/D",
    ]);
    expect(calls[0]?.args[9]).toContain(formatMirrorRecord(record(16)));
    expect(calls[1]?.args[9]).toContain(formatMirrorRecord(record(20)));
  });

  it("reads the records back from wevtutil's XML, even when it answers in UTF-16", async () => {
    const xml = `<Event><System><Provider Name='Enclave'/></System><EventData><Data>${formatMirrorRecord(record(1))} ; ${formatMirrorRecord(record(2))}</Data></EventData></Event>`;
    const utf16 = [...xml].map((c) => `${c}\u0000`).join("");
    const { io, calls } = fakeMachine(tools, () => ok(utf16));
    const mirror = mirrorOf(
      platformAuditMirror({ platform: "win32", io, windowsSystemRoot: () => root }),
    );
    expect(await mirror.readAll()).toEqual([record(1), record(2)]);
    expect(calls[0]).toMatchObject({
      file: tools[1],
      args: ["qe", "Application", "/q:*[System[Provider[@Name='Enclave']]]", "/f:xml"],
    });
  });

  it("has no mirror when the Windows folder is unknown (never read from %SystemRoot%)", () => {
    const { io } = fakeMachine(tools);
    expect(platformAuditMirror({ platform: "win32", io, windowsSystemRoot: () => null })).toEqual({
      unavailable: "the Windows folder could not be determined",
    });
  });
});

describe("the macOS mirror", () => {
  it("writes with logger and reads back with log show", async () => {
    const ndjson = JSON.stringify({ eventMessage: formatMirrorRecord(record(7)) });
    const { io, calls } = fakeMachine(["/usr/bin/logger", "/usr/bin/log"], (file) =>
      ok(file === "/usr/bin/log" ? ndjson : ""),
    );
    const mirror = mirrorOf(platformAuditMirror({ platform: "darwin", io }));
    await mirror.write([record(7)]);
    expect(await mirror.readAll()).toEqual([record(7)]);
    expect(calls.map((c) => c.file)).toEqual(["/usr/bin/logger", "/usr/bin/log"]);
    expect(calls[1]?.args).toEqual(expect.arrayContaining(["show", "--predicate"]));
  });
});
