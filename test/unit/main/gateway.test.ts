// Asserting on the fakes' vi.fn methods (expect(engine.x).toHaveBeenCalled) is how vitest spies work.
/* eslint-disable @typescript-eslint/unbound-method */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EngineApi } from "../../../electron/engine/EngineApi";
import { createGateway, type ShellServices } from "../../../electron/main/gateway";
import { isAppUrl } from "../../../electron/main/lockdown";
import { ModelNotAllowedError } from "../../../electron/engine/llm/errors";
import { INTERNAL_MESSAGE } from "../../../electron/main/toErrorEnvelope";
import type { ConversationExport } from "../../../electron/engine/library/conversationExport";
import type { AppInfo, ExportFormat, ImportReport, ModelsState } from "../../../shared/types";

const APP = "app://enclave/index.html";
const DOC = "a".repeat(64);
const models: ModelsState = {
  models: [],
  selected: { chat: null, embedding: null, reranker: null },
  gpu: null,
  memoryEstimateBytes: 0,
  folders: [],
};

function report(requestId: string, paths: string[]): ImportReport {
  return {
    requestId,
    results: paths.map((p) => ({ file: p, path: p, ok: true })),
    truncatedChunks: 0,
  };
}

function setup(
  engineParts: Partial<Record<keyof EngineApi, unknown>> = {},
  shellParts: Partial<ShellServices> = {},
) {
  const engine = {
    listCollections: vi.fn(() =>
      Promise.resolve([{ name: "Manuals", documentCount: 2, createdAt: "2025-01-01" }]),
    ),
    createCollection: vi.fn(({ name }: { name: string }) =>
      Promise.resolve({ name, documentCount: 0, createdAt: "now" }),
    ),
    importPaths: vi.fn((args: { requestId: string; paths: string[] }) =>
      Promise.resolve(report(args.requestId, args.paths)),
    ),
    listModels: vi.fn(() => Promise.resolve(models)),
    addModel: vi.fn(() => Promise.resolve(models)),
    getDocumentPath: vi.fn(() => Promise.resolve("/docs/manual.pdf")),
    guardRefusals: vi.fn(() => []),
    abortAsk: vi.fn(() => Promise.resolve(undefined)),
    ...engineParts,
  } as unknown as EngineApi;
  const shell: ShellServices = {
    pickImportPaths: vi.fn(() => Promise.resolve(["/docs/a.pdf", "/docs/b.pdf"])),
    pickModelFile: vi.fn(() => Promise.resolve("/models/tiny.gguf")),
    pickSavePath: vi.fn(() => Promise.resolve(null)),
    openPath: vi.fn(() => Promise.resolve(undefined)),
    blockedRequests: vi.fn(() => ({ count: 1, urls: ["https://example.com/"] })),
    ...shellParts,
  };
  const onInternalError = vi.fn();
  const gateway = createGateway({ engine, shell, isTrustedSender: isAppUrl, onInternalError });
  return { engine, shell, gateway, onInternalError };
}

describe("gateway", () => {
  it("answers a valid call from the app with the engine's value", async () => {
    const { gateway, engine } = setup();
    const result = await gateway.handle("createCollection", APP, { name: "  Case 42 " });
    expect(result).toEqual({
      ok: true,
      value: { name: "Case 42", documentCount: 0, createdAt: "now" },
    });
    expect(engine.createCollection).toHaveBeenCalledWith({ name: "Case 42" });
  });

  it("refuses callers that are not the app's own page, before touching the engine", async () => {
    const { gateway, engine } = setup();
    for (const sender of [
      "",
      "https://example.com/",
      "file:///tmp/evil.html",
      "app://evil/index.html",
      "about:blank",
    ]) {
      const result = await gateway.handle("listCollections", sender, {});
      expect(result, sender).toMatchObject({ ok: false, error: { code: "UNTRUSTED_SENDER" } });
    }
    expect(engine.listCollections).not.toHaveBeenCalled();
  });

  it("refuses methods the contract does not declare, including engine-only and prototype names", async () => {
    const { gateway, engine } = setup();
    for (const method of ["importPaths", "close", "constructor", "__proto__", "toString", "eval"]) {
      const result = await gateway.handle(method, APP, {});
      expect(result, method).toMatchObject({ ok: false, error: { code: "UNKNOWN_METHOD" } });
    }
    expect(engine.importPaths).not.toHaveBeenCalled();
  });

  it("refuses malformed arguments with an envelope that names the bad field", async () => {
    const { gateway, engine } = setup();
    const badName = await gateway.handle("createCollection", APP, { name: "a/b" });
    expect(badName).toEqual({
      ok: false,
      error: {
        code: "INVALID_ARGUMENT",
        message:
          "createCollection: name: Collection names cannot contain slashes or control characters.",
      },
    });
    const extraKey = await gateway.handle("listCollections", APP, { where: "1=1" });
    expect(extraKey).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT" } });
    expect(extraKey.ok === false && extraKey.error.message).toContain("where");
    const notObject = await gateway.handle("search", APP, "DROP TABLE");
    expect(notObject).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT" } });
    expect(notObject.ok === false && notObject.error.message).toMatch(/^search: arguments: /);
    const badLimit = await gateway.handle("search", APP, {
      query: "x",
      collections: ["A"],
      limit: 1e9,
    });
    expect(badLimit.ok === false && badLimit.error.message).toMatch(/^search: limit: /);
    expect(engine.createCollection).not.toHaveBeenCalled();
  });

  it("passes a named engine error's code and message through", async () => {
    class CollectionExistsError extends Error {
      override readonly name = "CollectionExistsError";
      readonly code = "COLLECTION_EXISTS";
    }
    const { gateway } = setup({
      createCollection: vi.fn(() =>
        Promise.reject(
          new CollectionExistsError("A collection named Case 42 exists; pick another name."),
        ),
      ),
    });
    expect(await gateway.handle("createCollection", APP, { name: "Case 42" })).toEqual({
      ok: false,
      error: {
        code: "COLLECTION_EXISTS",
        message: "A collection named Case 42 exists; pick another name.",
      },
    });
  });

  it("passes the engine's own model error through with its declared code", async () => {
    const { gateway } = setup({
      addModel: vi.fn(() => Promise.reject(new ModelNotAllowedError("/models/x.gguf"))),
    });
    const result = await gateway.handle("addModelWithDialog", APP, { copy: false });
    expect(result).toMatchObject({ ok: false, error: { code: "MODEL_NOT_ALLOWED" } });
    expect(result.ok === false && result.error.message).toMatch(/Ask your IT department/);
  });

  it("hides a named error whose code is not one of the contract's behind INTERNAL", async () => {
    class HomeMadeError extends Error {
      override readonly name = "HomeMadeError";
      readonly code = "SOMETHING_NEW";
    }
    const { gateway } = setup({
      addModel: vi.fn(() => Promise.reject(new HomeMadeError("details of /home/alice"))),
    });
    expect(await gateway.handle("addModelWithDialog", APP, { copy: false })).toEqual({
      ok: false,
      error: { code: "INTERNAL", message: INTERNAL_MESSAGE },
    });
  });

  it("says plainly when the disk is full, rather than hiding it behind INTERNAL", async () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), {
      code: "ENOSPC",
      errno: -28,
      syscall: "write",
    });
    const { gateway } = setup({ listCollections: vi.fn(() => Promise.reject(full)) });
    const result = await gateway.handle("listCollections", APP, {});
    expect(result).toMatchObject({ ok: false, error: { code: "DISK_FULL" } });
    expect(result.ok === false && result.error.message).toMatch(/The disk is full/);
  });

  it("hides the details of unexpected errors behind INTERNAL and logs them", async () => {
    const systemError = Object.assign(
      new Error("ENOENT: no such file, open '/home/alice/secret/case.lance'"),
      { code: "ENOENT", errno: -2, syscall: "open" },
    );
    for (const failure of [
      systemError,
      new TypeError("Cannot read properties of undefined"),
      "a string",
    ]) {
      const { gateway, onInternalError } = setup({
        // A non-Error rejection is one of the cases under test.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        listCollections: vi.fn(() => Promise.reject(failure)),
      });
      expect(await gateway.handle("listCollections", APP, {})).toEqual({
        ok: false,
        error: { code: "INTERNAL", message: INTERNAL_MESSAGE },
      });
      expect(onInternalError).toHaveBeenCalledWith("listCollections", failure);
    }
  });

  it("imports what the user picked in the dialog", async () => {
    const { gateway, engine, shell } = setup();
    const result = await gateway.handle("importWithDialog", APP, {
      collection: "Manuals",
      requestId: "r1",
      folders: true,
    });
    expect(shell.pickImportPaths).toHaveBeenCalledWith(true);
    expect(engine.importPaths).toHaveBeenCalledWith({
      collection: "Manuals",
      requestId: "r1",
      paths: ["/docs/a.pdf", "/docs/b.pdf"],
    });
    expect(result).toEqual({ ok: true, value: report("r1", ["/docs/a.pdf", "/docs/b.pdf"]) });
  });

  it("treats a cancelled dialog as an empty import and a cancelled model pick as no change", async () => {
    const { gateway, engine } = setup(
      {},
      {
        pickImportPaths: vi.fn(() => Promise.resolve(null)),
        pickModelFile: vi.fn(() => Promise.resolve(null)),
      },
    );
    expect(
      await gateway.handle("importWithDialog", APP, {
        collection: "Manuals",
        requestId: "r2",
        folders: false,
      }),
    ).toEqual({
      ok: true,
      value: { requestId: "r2", results: [], truncatedChunks: 0 },
    });
    expect(engine.importPaths).not.toHaveBeenCalled();
    expect(await gateway.handle("addModelWithDialog", APP, { copy: true })).toEqual({
      ok: true,
      value: models,
    });
    expect(engine.addModel).not.toHaveBeenCalled();
  });

  it("adds the picked model file", async () => {
    const { gateway, engine } = setup();
    await gateway.handle("addModelWithDialog", APP, { copy: true });
    expect(engine.addModel).toHaveBeenCalledWith({ path: "/models/tiny.gguf", copy: true });
  });

  it("imports dropped files only when their paths look like real dropped files", async () => {
    const { gateway, engine } = setup();
    const ok = await gateway.handle("importDropped", APP, {
      collection: "Manuals",
      requestId: "r3",
      paths: ["/docs/a.pdf"],
    });
    expect(ok.ok).toBe(true);
    for (const paths of [["relative/a.pdf"], ["/docs/../etc/passwd"], ["/docs/a\0.pdf"], []]) {
      const refused = await gateway.handle("importDropped", APP, {
        collection: "Manuals",
        requestId: "r4",
        paths,
      });
      expect(refused, JSON.stringify(paths)).toMatchObject({
        ok: false,
        error: { code: "INVALID_ARGUMENT" },
      });
    }
    expect(engine.importPaths).toHaveBeenCalledTimes(1);
  });

  it("opens a document in the system viewer by id, never by a path from the page", async () => {
    const { gateway, engine, shell } = setup();
    expect(await gateway.handle("openInSystemViewer", APP, { documentId: DOC })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(engine.getDocumentPath).toHaveBeenCalledWith({ documentId: DOC });
    expect(shell.openPath).toHaveBeenCalledWith("/docs/manual.pdf");
    expect(await gateway.handle("openInSystemViewer", APP, { path: "/etc/passwd" })).toMatchObject({
      ok: false,
      error: { code: "INVALID_ARGUMENT" },
    });
  });

  it("reports the shell's blocked requests and the engine's refusals as privacy status", async () => {
    const refusals = [{ at: "t", kind: "http", target: "example.com:443" }];
    const { gateway } = setup({ guardRefusals: vi.fn(() => refusals) });
    expect(await gateway.handle("getPrivacyStatus", APP, {})).toEqual({
      ok: true,
      value: { blockedRequests: 1, blockedUrls: ["https://example.com/"], guardRefusals: refusals },
    });
  });

  it("passes abortImport to the engine with the running import's request id, and refuses a malformed id", async () => {
    let finish: (v: ImportReport) => void = () => undefined;
    const importPaths = vi.fn(() => new Promise<ImportReport>((resolve) => (finish = resolve)));
    const abortImport = vi.fn(() => Promise.resolve(undefined));
    const { gateway } = setup({ importPaths, abortImport });
    const pending = gateway.handle("importWithDialog", APP, {
      collection: "Manuals",
      requestId: "import-1",
      folders: false,
    });
    await vi.waitFor(() => expect(importPaths).toHaveBeenCalled());
    expect(await gateway.handle("abortImport", APP, { requestId: "import-1" })).toEqual({
      ok: true,
      value: undefined,
    });
    expect(abortImport).toHaveBeenCalledWith({ requestId: "import-1" });
    finish(report("import-1", []));
    await pending;

    const bad = await gateway.handle("abortImport", APP, { requestId: "../x" });
    expect(bad).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT" } });
    expect(abortImport).toHaveBeenCalledTimes(1);
  });

  it("aborts answers still streaming when the window goes away, and forgets finished ones", async () => {
    let finish: (v: unknown) => void = () => undefined;
    const ask = vi.fn(() => new Promise((resolve) => (finish = resolve)));
    const { gateway, engine } = setup({ ask });
    const args = {
      question: "How do I reset?",
      collection: "Manuals",
      conversationId: null,
      requestId: "ask-1",
    };
    const pending = gateway.handle("ask", APP, args);
    await vi.waitFor(() => expect(ask).toHaveBeenCalled());
    await gateway.abortInFlight();
    expect(engine.abortAsk).toHaveBeenCalledWith({ requestId: "ask-1" });
    finish({ conversationId: "c1", answer: {} });
    await pending;
    vi.mocked(engine.abortAsk).mockClear();
    await gateway.abortInFlight();
    expect(engine.abortAsk).not.toHaveBeenCalled();
  });
});

describe("exporting a conversation through main's save dialog", () => {
  const bytes = new TextEncoder().encode("%PDF-1.7 the report");
  let dir = "";
  afterEach(() => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
    dir = "";
  });

  /** An engine that renders fixed bytes and, like the real one, audits only what `save` wrote. */
  function exportingEngine(exportDisabled = false) {
    const audited: { file: string; existed: boolean }[] = [];
    const info: AppInfo = {
      version: "0.1.0",
      dataDir: "/data",
      managedKeys: exportDisabled ? ["DisableExport"] : [],
      exportDisabled,
      settingsLocked: false,
    };
    const parts = {
      getAppInfo: vi.fn(() => Promise.resolve(info)),
      exportConversation: vi.fn(
        async (
          { format }: { id: string; format: ExportFormat },
          save: (file: ConversationExport) => Promise<string | null>,
        ) => {
          const written = await save({ format, fileName: "Pump questions.pdf", bytes });
          if (written !== null) audited.push({ file: written, existed: existsSync(written) });
          return written;
        },
      ),
    };
    return { parts, audited };
  }

  it("writes nothing and logs nothing when the save dialog is cancelled", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "enclave-export-"));
    const { parts, audited } = exportingEngine();
    const { gateway, shell } = setup(parts, { pickSavePath: vi.fn(() => Promise.resolve(null)) });
    const result = await gateway.handle("exportConversationWithDialog", APP, {
      id: "c1",
      format: "pdf",
    });
    expect(result).toEqual({ ok: true, value: { saved: false, fileName: null } });
    expect(shell.pickSavePath).toHaveBeenCalledWith("Pump questions.pdf", "pdf");
    expect(readdirSync(dir)).toEqual([]);
    expect(audited).toEqual([]);
  });

  it("refuses with EXPORT_DISABLED under DisableExport before any dialog opens", async () => {
    const { parts } = exportingEngine(true);
    const { gateway, shell, engine } = setup(parts);
    const result = await gateway.handle("exportConversationWithDialog", APP, {
      id: "c1",
      format: "markdown",
    });
    expect(result).toMatchObject({ ok: false, error: { code: "EXPORT_DISABLED" } });
    expect(shell.pickSavePath).not.toHaveBeenCalled();
    expect(engine.exportConversation).not.toHaveBeenCalled();
  });

  it("writes the engine's bytes to the picked path, and the engine logs it only once written", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "enclave-export-"));
    const target = path.join(dir, "Case 42 report.pdf");
    const { parts, audited } = exportingEngine();
    const { gateway } = setup(parts, { pickSavePath: vi.fn(() => Promise.resolve(target)) });
    const result = await gateway.handle("exportConversationWithDialog", APP, {
      id: "c1",
      format: "pdf",
    });
    expect(result).toEqual({ ok: true, value: { saved: true, fileName: "Case 42 report.pdf" } });
    expect(new Uint8Array(readFileSync(target))).toEqual(bytes);
    expect(readdirSync(dir)).toEqual(["Case 42 report.pdf"]);
    expect(audited).toEqual([{ file: target, existed: true }]);
  });

  it("refuses an unknown format and the old renderer-side export method", async () => {
    const { parts } = exportingEngine();
    const { gateway, shell } = setup(parts);
    const bad = await gateway.handle("exportConversationWithDialog", APP, {
      id: "c1",
      format: "docx",
    });
    expect(bad).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT" } });
    const old = await gateway.handle("exportConversation", APP, { id: "c1" });
    expect(old).toMatchObject({ ok: false, error: { code: "UNKNOWN_METHOD" } });
    expect(shell.pickSavePath).not.toHaveBeenCalled();
  });
});
