import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DataFolderInUseError,
  DataFolderLock,
  LOCK_FILE,
  type LockHolder,
  type ProcessFacts,
} from "../../../electron/engine/support/DataFolderLock";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "enclave-lock-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Facts of a process `pid` on host "here", where only `alive` pids run; time moves only by sleep. */
function facts(pid: number, alive: number[], started: Record<number, number> = {}) {
  let clock = Date.parse("2026-12-01T10:00:00Z");
  const f: Partial<ProcessFacts> = {
    pid,
    host: "here",
    isAlive: (p) => alive.includes(p),
    startedAt: (p) => started[p] ?? null,
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
  };
  return f;
}

function writeLock(holder: Partial<LockHolder>): void {
  const full: LockHolder = {
    pid: 4242,
    host: "here",
    command: "enclave import a.pdf",
    since: "2026-12-01T09:00:00.000Z",
    processStartedAt: null,
    token: "abc",
    ...holder,
  };
  writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(full));
}

const lockText = () => readFileSync(path.join(dir, LOCK_FILE), "utf8");

describe("the data folder lock", () => {
  it("is taken when free, names its holder, and is gone after release", async () => {
    const lock = await DataFolderLock.acquire(dir, {
      command: "enclave import x",
      facts: facts(100, [100]),
    });
    expect(await DataFolderLock.holder(dir)).toMatchObject({
      pid: 100,
      host: "here",
      command: "enclave import x",
    });
    await lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    expect(await DataFolderLock.holder(dir)).toBeNull();
  });

  it("refuses at once, naming the live holder's pid, command and start, when asked not to wait", async () => {
    writeLock({ pid: 4242 });
    const attempt = DataFolderLock.acquire(dir, {
      command: "enclave remove",
      facts: facts(100, [4242]),
    });
    await expect(attempt).rejects.toBeInstanceOf(DataFolderInUseError);
    await expect(attempt).rejects.toThrow(
      /in use by process 4242 \(enclave import a\.pdf\) since 2026-12-01T09:00:00\.000Z/,
    );
    expect(lockText()).toContain('"token":"abc"');
  });

  it("waits for a live holder, says so once, and takes the lock when the holder lets go", async () => {
    writeLock({ pid: 4242 });
    const waits: number[] = [];
    const f = facts(100, [4242]);
    const sleep = f.sleep as (ms: number) => Promise<void>;
    let slept = 0;
    f.sleep = async (ms) => {
      slept += ms;
      if (slept >= 1000) rmSync(path.join(dir, LOCK_FILE), { force: true });
      await sleep(ms);
    };
    const lock = await DataFolderLock.acquire(dir, {
      command: "enclave import b",
      waitMs: 60_000,
      onWait: (h) => waits.push(h.pid),
      facts: f,
    });
    expect(waits).toEqual([4242]);
    expect(lock.holder.pid).toBe(100);
    await lock.release();
  });

  it("gives up after the wait it was given, with the in-use message", async () => {
    writeLock({ pid: 4242 });
    await expect(
      DataFolderLock.acquire(dir, { command: "c", waitMs: 5_000, facts: facts(100, [4242]) }),
    ).rejects.toThrow(/in use by process 4242/);
  });

  it("takes over a stale lock whose process is dead on this host", async () => {
    writeLock({ pid: 4242 });
    const lock = await DataFolderLock.acquire(dir, {
      command: "enclave import",
      facts: facts(100, [100]),
    });
    expect(JSON.parse(lockText())).toMatchObject({ pid: 100 });
    await lock.release();
  });

  it("takes over a lock whose pid now belongs to a process that started later (pid reuse)", async () => {
    writeLock({ pid: 4242, processStartedAt: 1_000_000 });
    const lock = await DataFolderLock.acquire(dir, {
      command: "enclave import",
      facts: facts(100, [100, 4242], { 4242: 9_000_000 }),
    });
    expect(lock.holder.pid).toBe(100);
    await lock.release();
  });

  it("keeps a lock whose live pid started when the lock says", async () => {
    writeLock({ pid: 4242, processStartedAt: 1_000_000 });
    await expect(
      DataFolderLock.acquire(dir, { command: "c", facts: facts(100, [4242], { 4242: 1_000_500 }) }),
    ).rejects.toBeInstanceOf(DataFolderInUseError);
  });

  it("never takes over a lock from another host, and says how to clear it", async () => {
    writeLock({ pid: 4242, host: "elsewhere" });
    await expect(
      DataFolderLock.acquire(dir, { command: "c", facts: facts(100, []) }),
    ).rejects.toThrow(/process 4242 on elsewhere .*delete .*enclave\.lock/);
  });

  it("treats an old unreadable lock file as debris, but not a fresh one", async () => {
    writeFileSync(path.join(dir, LOCK_FILE), "");
    const young = facts(100, [100]);
    young.now = () => Date.now();
    await expect(DataFolderLock.acquire(dir, { command: "c", facts: young })).rejects.toThrow();
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, LOCK_FILE), old, old);
    const lock = await DataFolderLock.acquire(dir, { command: "c", facts: young });
    expect(lock.holder.pid).toBe(100);
    await lock.release();
  });

  it("release leaves alone a lock that another process has taken since", async () => {
    const lock = await DataFolderLock.acquire(dir, { command: "c", facts: facts(100, [100]) });
    writeLock({ pid: 200, token: "someone-else" });
    await lock.release();
    expect(lockText()).toContain("someone-else");
  });

  it("lets exactly one of many simultaneous takers of a stale lock win", async () => {
    writeLock({ pid: 4242 });
    const attempts = [101, 102, 103, 104, 105].map((pid) =>
      DataFolderLock.acquire(dir, {
        command: `p${pid}`,
        facts: {
          ...facts(pid, [101, 102, 103, 104, 105]),
          sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        },
      }),
    );
    const results = await Promise.allSettled(attempts);
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => String(r.reason))).toEqual(
      Array(4).fill(expect.stringMatching(/in use by process 10\d/)),
    );
  });
});
