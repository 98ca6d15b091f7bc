import type { ModelsState } from "../../../../shared/types";

export interface ModelsEmptyStateProps {
  /** Policy LockSettings: IT chooses and deploys the models. */
  locked: boolean;
  /** The folders searched for models, in order (the catalog's). */
  folders: ModelsState["folders"];
}

/** No model found: Enclave still answers, and where a GGUF file goes to get written answers. */
export function ModelsEmptyState({ locked, folders }: ModelsEmptyStateProps) {
  const userFolder = folders.find((f) => f.source === "user")?.path;
  return (
    <div className="empty" data-testid="models-empty">
      <h3>No models yet — Enclave still answers</h3>
      <p>
        Without a chat model, answers are <strong>extractive</strong>: the most relevant passages,
        quoted and cited to the page. Full-text search needs no model either.
      </p>
      {locked ? (
        <p>
          Your organisation deploys the models: IT places GGUF files in one of the folders listed
          below.
        </p>
      ) : (
        <p>
          For written answers, add a chat model (a GGUF file, e.g. a 1–8B instruct model): use “Add
          GGUF file…”, or copy it into{" "}
          {userFolder !== undefined ? <code>{userFolder}</code> : "your models folder"}. Enclave
          never downloads a model.
        </p>
      )}
    </div>
  );
}
