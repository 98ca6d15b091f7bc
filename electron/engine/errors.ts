/** Errors of the engine's own (not of one subsystem); each says what to do next. */
import type { ErrorCode } from "../../shared/errorCodes";

export class DocumentChangedError extends Error {
  override readonly name = "DocumentChangedError";
  readonly code: ErrorCode = "DOCUMENT_CHANGED";
  constructor(documentId: string, file?: string) {
    super(
      file === undefined
        ? `This document (${documentId.slice(0, 12)}) is no longer in the library: it was removed or replaced by a newer version.`
        : `The file ${file} has changed or moved since it was imported: import it again to see the current version.`,
    );
  }
}

export class ExportDisabledError extends Error {
  override readonly name = "ExportDisabledError";
  readonly code: ErrorCode = "EXPORT_DISABLED";
  constructor() {
    super("Exporting conversations is turned off by your organisation's policy (DisableExport).");
  }
}

export class SettingsLockedError extends Error {
  override readonly name = "SettingsLockedError";
  readonly code: ErrorCode = "SETTINGS_LOCKED";
  constructor() {
    super("Model settings are managed by your organisation (LockSettings): ask IT to change them.");
  }
}
