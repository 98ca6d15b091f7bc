/** Named errors of the model layer; each message says what the user can do next. */
import type { ErrorCode } from "../../../shared/errorCodes";

export class NotAGgufFileError extends Error {
  override readonly name = "NotAGgufFileError";
  readonly code: ErrorCode = "NOT_A_GGUF_FILE";
  constructor(readonly path: string) {
    super(
      `${path} is not a GGUF model file. Pick a .gguf file (llama.cpp format), e.g. one exported by LM Studio or Ollama.`,
    );
  }
}

export class TruncatedModelError extends Error {
  override readonly name = "TruncatedModelError";
  readonly code: ErrorCode = "TRUNCATED_MODEL";
  constructor(
    readonly path: string,
    readonly expectedBytes: number,
    readonly actualBytes: number,
    options?: ErrorOptions,
  ) {
    super(
      `${path} is incomplete (${actualBytes} of ${expectedBytes} bytes); the copy or download was probably interrupted. ` +
        "Copy the file again and add it once more.",
      options,
    );
  }
}

export class ModelNotAllowedError extends Error {
  override readonly name = "ModelNotAllowedError";
  readonly code: ErrorCode = "MODEL_NOT_ALLOWED";
  constructor(
    readonly path: string,
    problem = "It is not on your organisation's list of approved models.",
  ) {
    super(
      `${path} cannot be used. ${problem} Ask your IT department to approve it, or pick another model.`,
    );
  }
}

export class ModelNotFoundError extends Error {
  override readonly name = "ModelNotFoundError";
  readonly code: ErrorCode = "MODEL_NOT_FOUND";
  constructor(readonly modelId: string) {
    super(
      `No model with id ${modelId} is in the catalog; it may have been moved or deleted. Refresh the model list.`,
    );
  }
}

export class ModelRoleMismatchError extends Error {
  override readonly name = "ModelRoleMismatchError";
  readonly code: ErrorCode = "MODEL_ROLE_MISMATCH";
  constructor(
    readonly file: string,
    readonly role: string,
    readonly actualRole: string,
  ) {
    super(
      `${file} is a ${actualRole} model and cannot be used as the ${role} model. Pick a ${role} model instead.`,
    );
  }
}

export class NotALocalModelPathError extends Error {
  override readonly name = "NotALocalModelPathError";
  readonly code: ErrorCode = "NOT_A_LOCAL_MODEL_PATH";
  constructor(readonly reference: string) {
    super(
      `"${reference}" is not a local file path. Enclave works offline: download the model separately and add the file.`,
    );
  }
}

export class ModelDoesNotFitError extends Error {
  override readonly name = "ModelDoesNotFitError";
  readonly code: ErrorCode = "MODEL_DOES_NOT_FIT";
  constructor(
    readonly file: string,
    readonly neededBytes: number,
    readonly availableBytes: number,
    options?: ErrorOptions,
  ) {
    const gib = (n: number): string => (n / 1024 ** 3).toFixed(1);
    super(
      `${file} needs about ${gib(neededBytes)} GiB of memory but only ${gib(availableBytes)} GiB is free. ` +
        "Close other applications or choose a smaller (more quantised) model.",
      options,
    );
  }
}
