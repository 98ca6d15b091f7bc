/** The only module that touches `window.enclave`, the API the preload exposes. */
import type { EnclaveApi } from "../../shared/contract";

export class BridgeMissingError extends Error {
  constructor() {
    super(
      "Enclave's bridge to the app is missing: open this window from the Enclave app, not in a web browser.",
    );
    this.name = "BridgeMissingError";
  }
}

export function getEnclaveApi(): EnclaveApi {
  const api = (window as Window & { enclave?: EnclaveApi }).enclave;
  if (api === undefined) throw new BridgeMissingError();
  return api;
}
