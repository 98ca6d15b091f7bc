/**
 * What copying audit lines to the OS log costs: the same appends with no copy, and with a copy
 * through real processes (runProcess.ts starting /bin/cat, which reads the batch on stdin as
 * systemd-cat or logger would). Prints append throughput and event-loop delay for both, as
 * ratios against the run without a copy, and ends with one key=value line.
 *   npx tsx test/bench/auditMirror.ts [--lines 200]
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { AuditLog } from "../../electron/engine/audit/AuditLog";
import type { AuditMirror } from "../../electron/engine/audit/mirror/AuditMirror";
import { formatMirrorRecord, toolFailure } from "../../electron/engine/audit/mirror/AuditMirror";
import { runProcess } from "../../electron/engine/audit/mirror/runProcess";
import { fmt, parseArgs } from "./benchUtil";

const lines = Number(parseArgs(process.argv.slice(2)).flags.get("lines") ?? 200);
let spawns = 0;
const catMirror: AuditMirror = {
  name: "/bin/cat",
  async write(records) {
    spawns++;
    const input = records.map((r) => `${formatMirrorRecord(r)}\n`).join("");
    const result = await runProcess("/bin/cat", [], input);
    if (result.code !== 0 || result.stdout !== input) throw toolFailure("/bin/cat", result);
  },
  readAll: () => Promise.resolve([]),
};

async function run(mirror: AuditMirror | undefined) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "enclave-bench-mirror-"));
  try {
    const log = await AuditLog.open({ dir, appVersion: "bench", mirror, onWarning: console.error });
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const start = performance.now();
    // One line at a time, as a user's questions, searches and views arrive.
    for (let i = 0; i < lines; i++)
      await log.append({ kind: "search", collections: ["c"], query: `q${i}`, results: [] });
    const appendMs = performance.now() - start;
    await log.close();
    const totalMs = performance.now() - start;
    delay.disable();
    return { appendMs, totalMs, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const plain = await run(undefined);
const copied = await run(catMirror);
for (const [name, r] of [
  ["no copy", plain],
  ["OS-log copy", copied],
] as const)
  console.log(
    `${name}: ${lines} appends in ${fmt(r.appendMs)} ms (close ${fmt(r.totalMs - r.appendMs)} ms), event-loop delay p99 ${fmt(r.p99, 2)} ms, max ${fmt(r.max, 2)} ms`,
  );
console.log(`processes started for ${lines} lines: ${spawns}`);
console.log(
  `lines=${lines} append_ratio=${fmt(copied.appendMs / plain.appendMs, 2)} spawns=${spawns} loop_p99_ms_plain=${fmt(plain.p99, 2)} loop_p99_ms_copy=${fmt(copied.p99, 2)} loop_max_ms_plain=${fmt(plain.max, 2)} loop_max_ms_copy=${fmt(copied.max, 2)}`,
);
