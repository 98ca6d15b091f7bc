/** App-wide state: which panel is shown, app info (managed policy) and the privacy status. */
import type { EnclaveApi } from "../../../shared/contract";
import type { AppInfo, PrivacyStatus } from "../../../shared/types";
import { Store, errorMessage } from "./Store";

export type Panel = "chat" | "library" | "models" | "privacy";

export interface AppState {
  panel: Panel;
  info: AppInfo | null;
  privacy: PrivacyStatus | null;
  error: string;
}

export class AppStore extends Store<AppState> {
  readonly #api: Pick<EnclaveApi, "getAppInfo" | "getPrivacyStatus">;

  constructor(api: Pick<EnclaveApi, "getAppInfo" | "getPrivacyStatus">) {
    super({ panel: "chat", info: null, privacy: null, error: "" });
    this.#api = api;
  }

  show(panel: Panel): void {
    this.set({ panel });
  }

  async load(): Promise<void> {
    try {
      this.set({ info: await this.#api.getAppInfo({}), error: "" });
    } catch (error) {
      this.set({ error: errorMessage(error) });
    }
  }

  async refreshPrivacy(): Promise<void> {
    try {
      this.set({ privacy: await this.#api.getPrivacyStatus({}), error: "" });
    } catch (error) {
      this.set({ error: errorMessage(error) });
    }
  }

  /** Policy LockSettings: model choices are the organisation's, shown read-only. */
  settingsLocked(): boolean {
    return this.get().info?.settingsLocked ?? false;
  }

  /** Whether the administrator set any policy key starting with one of these prefixes. */
  isManaged(...prefixes: string[]): boolean {
    const keys = this.get().info?.managedKeys ?? [];
    return keys.some((k) => prefixes.some((p) => k.toLowerCase().startsWith(p.toLowerCase())));
  }
}
