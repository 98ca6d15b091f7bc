import type { ModelInfo, ModelRole } from "../../../../shared/types";
import { ManagedBadge } from "../../components/ManagedBadge";
import { useStores } from "../../StoresContext";
import { formatBytes, formatParameters } from "../../lib/format";
import { useStore } from "../../stores/useStore";
import { ModelsEmptyState } from "./ModelsEmptyState";
import { OcrLanguages } from "./OcrLanguages";

const roles: { role: ModelRole; label: string; none: string }[] = [
  { role: "chat", label: "Chat model", none: "None (extractive answers)" },
  { role: "embedding", label: "Embedding model", none: "None (full-text search only)" },
  { role: "reranker", label: "Reranker", none: "None" },
];

/** The model catalog, the choice per role, the runtime and how to add models. */
export function ModelsPanel() {
  const { models, app } = useStores();
  const { models: state, busy, error } = useStore(models);
  useStore(app);
  // LockSettings makes the choices read-only; a managed model key only marks them.
  const locked = app.settingsLocked();
  const managed = locked || app.isManaged("model");
  const list: ModelInfo[] = state?.models ?? [];

  return (
    <div className="models" data-testid="models-panel">
      <div className="panel-head">
        <h2>Models</h2>
        <span className="badge" data-testid="gpu-badge">
          {state?.gpu == null
            ? "Runtime not started"
            : state.gpu === "cpu"
              ? "Running on CPU"
              : `GPU: ${state.gpu.toUpperCase()}`}
        </span>
        {state !== null && state.memoryEstimateBytes > 0 && (
          <span className="badge">
            Needs about {formatBytes(state.memoryEstimateBytes)} of memory
          </span>
        )}
        {managed && <ManagedBadge />}
        <div className="spacer" />
        {!locked && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void models.add(true)}
          >
            Add GGUF file…
          </button>
        )}
      </div>
      {locked && (
        <p className="banner" data-testid="settings-locked">
          Managed by your organisation: IT chooses the models, so they are shown read-only here.
        </p>
      )}
      {error !== "" && (
        <p role="alert" className="banner error">
          {error}
        </p>
      )}
      <div className="role-pickers">
        {roles.map(({ role, label, none }) => (
          <label key={role} className="role-picker">
            <span>{label}</span>
            <select
              value={state?.selected[role] ?? ""}
              disabled={locked || busy || state === null}
              title={locked ? "Managed by your organisation" : undefined}
              onChange={(e) =>
                void models.select(role, e.target.value === "" ? null : e.target.value)
              }
            >
              <option value="">{none}</option>
              {list
                .filter((m) => m.role === role && m.allowed)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.file}
                  </option>
                ))}
            </select>
          </label>
        ))}
      </div>
      {list.length === 0 ? (
        <ModelsEmptyState locked={locked} folders={state?.folders ?? []} />
      ) : (
        <table className="model-table" data-testid="model-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Role</th>
              <th scope="col">Architecture</th>
              <th scope="col">Parameters</th>
              <th scope="col">Quantisation</th>
              <th scope="col">Size</th>
              <th scope="col">Context</th>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.map((m) => (
              <tr key={m.id} data-testid="model-row" className={m.allowed ? "" : "disallowed"}>
                <td title={m.path}>
                  {m.file}
                  {Object.values(state?.selected ?? {}).includes(m.id) && (
                    <span className="badge in-use">in use</span>
                  )}
                </td>
                <td>{m.role}</td>
                <td>{m.architecture}</td>
                <td>{formatParameters(m.parameters)}</td>
                <td>{m.quantization}</td>
                <td>{formatBytes(m.sizeBytes)}</td>
                <td>{m.contextLength.toLocaleString()}</td>
                <td>{m.source === "policy" ? <ManagedBadge /> : m.source}</td>
                <td>
                  {m.allowed ? (
                    m.problem === "" ? (
                      "Ready"
                    ) : (
                      m.problem
                    )
                  ) : (
                    <span className="reason">{m.problem || "Not allowed by policy"}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="folders" aria-label="Model folders">
        <h3>Folders searched for models</h3>
        <ul>
          {(state?.folders ?? []).map((f) => (
            <li key={f.path}>
              <code>{f.path}</code>{" "}
              <span className="muted small">
                ({f.source === "policy" ? "set by your organisation" : f.source})
              </span>
            </li>
          ))}
        </ul>
      </section>
      <OcrLanguages languages={state?.ocrLanguages} />
    </div>
  );
}
