import { parseDocument } from "../../electron/engine/ingest/parseDocument";
import { PdfWorkerPool } from "../../electron/engine/ingest/PdfWorkerPool";
import { monitorEventLoopDelay } from "node:perf_hooks";
const pool = new PdfWorkerPool({ size: Number(process.env.SIZE ?? 2) });
for (const f of process.argv.slice(2)) {
  const h = monitorEventLoopDelay({ resolution: 10 }); h.enable();
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const doc = await parseDocument(f, { pool });
  let n = 0; for await (const _p of doc.pages) n++;
  const cpu = process.cpuUsage(c0); const wall = (performance.now() - t0) / 1000;
  console.log(f.split("/").pop(), n, "wall", wall.toFixed(2), "cpu", ((cpu.user + cpu.system) / 1e6).toFixed(2), "ms/page cpu", ((cpu.user + cpu.system) / 1e3 / n).toFixed(2), "maxdelay", (h.max / 1e6).toFixed(0));
}
await pool.dispose();
