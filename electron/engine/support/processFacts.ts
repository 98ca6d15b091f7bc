/** What the data folder's lock needs to know about processes (see DataFolderLock). */
import { readFileSync } from "node:fs";
import os from "node:os";

/** Facts about processes, injectable so tests can play dead or live holders and other hosts. */
export interface ProcessFacts {
  /** This process's id. Default: process.pid. */
  pid: number;
  /** This machine's name. Default: os.hostname(). */
  host: string;
  /** Whether a process with this id runs on this host. Default: process.kill(pid, 0). */
  isAlive: (pid: number) => boolean;
  /** When the process with this id started (ms since the epoch), or null when unknown. Default: /proc on Linux, else null. */
  startedAt: (pid: number) => number | null;
  /** Default: setTimeout. */
  sleep: (ms: number) => Promise<void>;
  /** Default: Date.now. */
  now: () => number;
}

/** The running system's facts. */
export function realProcessFacts(): ProcessFacts {
  return {
    pid: process.pid,
    host: os.hostname(),
    isAlive: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        // EPERM: it exists, under another user.
        return (error as NodeJS.ErrnoException).code === "EPERM";
      }
    },
    startedAt: linuxProcessStart,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
  };
}

/** Start time from /proc (boot time + start ticks at 100 Hz, Linux's USER_HZ); null elsewhere. */
function linuxProcessStart(pid: number): number | null {
  if (process.platform !== "linux") return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    const btime = /^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1];
    if (!Number.isFinite(ticks) || btime === undefined) return null;
    return Number(btime) * 1000 + ticks * 10;
  } catch {
    return null;
  }
}
