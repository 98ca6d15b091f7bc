import { useEffect, useState } from "react";
import { useStores } from "../../StoresContext";
import { formatDuration, plural } from "../../lib/format";
import { overallProgress, type ImportFileRow, type ImportRun } from "../../stores/importProgress";
import { useStore } from "../../stores/useStore";

const statusLabel: Record<ImportFileRow["status"], string> = {
  queued: "Waiting",
  importing: "Reading",
  done: "Imported",
  skipped: "Already imported",
  failed: "Failed",
  stopped: "Stopped",
};

function finishedSummary(run: ImportRun): string {
  const stopped = run.stopped > 0 ? `, ${run.stopped} stopped` : "";
  return `Import ${run.stopped > 0 ? "stopped" : "finished"}: ${run.imported} imported, ${run.skipped} already there, ${run.failed} failed${stopped}`;
}

/** The running (or last) import: overall bar with time left, one row per file, errors with reasons. */
export function ImportPanel() {
  const { library } = useStores();
  const { importRun } = useStore(library);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (importRun === null || importRun.finished) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [importRun]);
  if (importRun === null) return null;
  const { fraction, remainingMs } = overallProgress(importRun, now);
  const rows = [...importRun.rows].sort(
    (a, b) => Number(b.status === "failed") - Number(a.status === "failed"),
  );
  return (
    <section className="import-panel" aria-label="Import progress" data-testid="import-panel">
      <div className="import-head">
        <strong>
          {importRun.finished
            ? finishedSummary(importRun)
            : `Importing ${importRun.rows.length} of ${Math.max(importRun.total, importRun.rows.length)} files…`}
        </strong>
        <span className="muted small">
          {!importRun.finished &&
            (remainingMs === null
              ? "estimating time left…"
              : `about ${formatDuration(remainingMs)} left`)}
        </span>
        {!importRun.finished && (
          <button
            type="button"
            disabled={importRun.stopping}
            onClick={() => void library.stopImport()}
          >
            {importRun.stopping ? "Stopping…" : "Stop import"}
          </button>
        )}
        {importRun.finished && (
          <button type="button" onClick={() => library.dismissImport()}>
            Dismiss
          </button>
        )}
      </div>
      <progress max={1} value={fraction} aria-label="Overall import progress" />
      <ul className="import-rows">
        {rows.map((r) => (
          <li
            key={r.path}
            className={`import-row ${r.status}`}
            data-testid={r.status === "failed" ? "import-error" : "import-row"}
          >
            <span className="file" title={r.path}>
              {r.file}
            </span>
            <span className="status">{statusLabel[r.status]}</span>
            {r.status === "importing" && r.pagesTotal > 0 && (
              <span className="muted small">
                page {r.pagesDone} of {r.pagesTotal}
              </span>
            )}
            {(r.status === "done" || r.status === "skipped") && (
              <span className="muted small">
                {plural(r.pages, "page")} · {plural(r.chunks, "passage")}
              </span>
            )}
            {r.error !== null && (
              // A stopped file is the user's choice, not a fault: its note is not shown as an error.
              <span className={r.status === "stopped" ? "muted small" : "reason"}>
                {r.error.message}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
