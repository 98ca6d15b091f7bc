/**
 * The sandboxed preload: exposes exactly the contract as `window.enclave`. It is bundled to one
 * CommonJS file whose only require is "electron" (sandboxed preloads cannot load anything else).
 */
import { contextBridge, ipcRenderer, webUtils } from "electron";
import { createEnclaveApi } from "./createEnclaveApi";

contextBridge.exposeInMainWorld(
  "enclave",
  createEnclaveApi(ipcRenderer, (file) => webUtils.getPathForFile(file)),
);
