import { useEffect } from "react";
import { ManagedBadge } from "../../components/ManagedBadge";
import { useStores } from "../../StoresContext";
import { formatDate } from "../../lib/format";
import { useStore } from "../../stores/useStore";

/** Proof of offline operation: blocked requests and refused connections (both expected to be 0). */
export function PrivacyPanel() {
  const { app } = useStores();
  const { privacy, info } = useStore(app);
  useEffect(() => {
    void app.refreshPrivacy();
  }, [app]);
  const refusals = privacy?.guardRefusals ?? [];
  return (
    <div className="privacy" data-testid="privacy-panel">
      <div className="panel-head">
        <h2>Privacy</h2>
        <div className="spacer" />
        <button type="button" onClick={() => void app.refreshPrivacy()}>
          Refresh
        </button>
      </div>
      <div className="stat-grid">
        <div className={privacy?.blockedRequests === 0 ? "stat ok" : "stat warn"}>
          <span className="stat-value" data-testid="blocked-requests">
            {privacy?.blockedRequests ?? "…"}
          </span>
          <span>web requests blocked (expected 0)</span>
        </div>
        <div className={refusals.length === 0 ? "stat ok" : "stat warn"}>
          <span className="stat-value">{privacy === null ? "…" : refusals.length}</span>
          <span>network connections refused by the engine (expected 0)</span>
        </div>
      </div>
      <p className="muted">
        Enclave does not connect to any network. Every attempt is blocked and counted here, so you
        can show that nothing left this computer.
      </p>
      {(privacy?.blockedUrls.length ?? 0) > 0 && (
        <>
          <h3>Blocked requests</h3>
          <ul className="mono-list">
            {privacy?.blockedUrls.map((u, i) => (
              <li key={i}>
                <code>{u}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {refusals.length > 0 && (
        <table className="model-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {refusals.map((r, i) => (
              <tr key={i}>
                <td>{formatDate(r.at)}</td>
                <td>{r.kind}</td>
                <td>
                  <code>{r.target}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>This installation</h3>
      <dl className="facts">
        <dt>Version</dt>
        <dd>{info?.version ?? "…"}</dd>
        <dt>Data folder</dt>
        <dd>
          <code>{info?.dataDir ?? "…"}</code>
        </dd>
        <dt>Conversation export</dt>
        <dd>{info?.exportDisabled === true ? "Disabled" : "Allowed"}</dd>
      </dl>
      {(info?.managedKeys.length ?? 0) > 0 && (
        <>
          <h3>
            Settings managed by your organisation <ManagedBadge />
          </h3>
          <ul className="mono-list">
            {info?.managedKeys.map((k) => (
              <li key={k}>
                <code>{k}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
