/**
 * engine/packs — library packs that IT builds once and ships: build (buildPack), verify
 * (verifyPack), the deployed packs and their versions (ManagedPacks), and the library the
 * engine's contract sees, personal and managed together (LibraryWithPacks). Layer: above store,
 * beside ingest and retrieve.
 */
import type { PolicyValues } from "../../../shared/policy";
import type { PageText } from "../../../shared/types";
import type { LanceStore } from "../store/LanceStore";
import { LibraryWithPacks } from "./LibraryWithPacks";
import { ManagedPacks } from "./ManagedPacks";

export interface OpenLibraryWithPacksOptions {
  policy: Pick<PolicyValues, "ManagedLibrariesDirectory" | "ManagedLibrariesPublicKey">;
  /** The id of the embedding model that makes query vectors now; null: none. Required. */
  embeddingModelId: () => Promise<string | null>;
  /** Refusals, version switches and full-text-only packs, in words for the user. Default: none. */
  onNotice?: (message: string) => void;
  /** Adds what the store does not hold to a page read for the viewer (OCR words). Default: none. */
  annotatePage?: (text: PageText) => Promise<PageText>;
}

/** The user's store with every verified pack of ManagedLibrariesDirectory beside it. */
export async function openLibraryWithPacks(
  personal: LanceStore,
  { policy, embeddingModelId, onNotice, annotatePage }: OpenLibraryWithPacksOptions,
): Promise<LibraryWithPacks> {
  const packs = await ManagedPacks.open({
    directory: policy.ManagedLibrariesDirectory,
    publicKeyFile: policy.ManagedLibrariesPublicKey,
    onNotice,
  });
  return new LibraryWithPacks(personal, packs, { embeddingModelId, onNotice, annotatePage });
}
