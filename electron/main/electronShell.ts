/** ShellServices on Electron: native dialogs, the system viewer, the lockdown's request log. */
import type { ErrorCode } from "../../shared/errorCodes";
import { importDialogExtensions } from "../../shared/formats";
import { dialog, shell, type BrowserWindow } from "electron";
import type { BlockedRequestLog } from "./BlockedRequestLog";
import type { ShellServices } from "./gateway";

/** The system could not open a document (no viewer for the type, file moved...). */
export class SystemViewerError extends Error {
  override readonly name = "SystemViewerError";
  readonly code: ErrorCode = "OPEN_FAILED";
  constructor(reason: string) {
    super(
      `The document could not be opened in its usual program (${reason}). Check that the file still exists and that a viewer for it is installed.`,
    );
  }
}

export function createElectronShell(
  getWindow: () => BrowserWindow | null,
  log: BlockedRequestLog,
): ShellServices {
  async function open(options: Electron.OpenDialogOptions): Promise<string[] | null> {
    const window = getWindow();
    const result =
      window === null
        ? await dialog.showOpenDialog(options)
        : await dialog.showOpenDialog(window, options);
    return result.canceled ? null : result.filePaths;
  }
  return {
    pickImportPaths: (folders) =>
      open(
        folders
          ? { title: "Import folders", properties: ["openDirectory", "multiSelections"] }
          : {
              title: "Import documents",
              properties: ["openFile", "multiSelections"],
              filters: [{ name: "Documents", extensions: importDialogExtensions() }],
            },
      ),
    async pickModelFile() {
      const picked = await open({
        title: "Add a model",
        properties: ["openFile"],
        filters: [{ name: "GGUF models", extensions: ["gguf"] }],
      });
      return picked?.[0] ?? null;
    },
    async pickSavePath(defaultName, format) {
      const options: Electron.SaveDialogOptions = {
        title: format === "pdf" ? "Save the PDF report" : "Save as Markdown",
        defaultPath: defaultName,
        filters:
          format === "pdf"
            ? [{ name: "PDF report", extensions: ["pdf"] }]
            : [{ name: "Markdown", extensions: ["md"] }],
        properties: ["createDirectory", "showOverwriteConfirmation"],
      };
      const window = getWindow();
      const result =
        window === null
          ? await dialog.showSaveDialog(options)
          : await dialog.showSaveDialog(window, options);
      return result.canceled || result.filePath === "" ? null : result.filePath;
    },
    async openPath(path) {
      const failure = await shell.openPath(path);
      if (failure !== "") throw new SystemViewerError(failure);
    },
    blockedRequests: () => log.snapshot(),
  };
}
