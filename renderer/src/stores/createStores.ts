/** The renderer's composition root: one store per concern, wired to one API object. */
import type { EnclaveApi } from "../../../shared/contract";
import { AppStore } from "./AppStore";
import { ChatStore } from "./ChatStore";
import { LibraryStore } from "./LibraryStore";
import { ModelsStore } from "./ModelsStore";
import { SearchStore } from "./SearchStore";
import { SourceFoldersStore } from "./SourceFoldersStore";
import { ViewerStore } from "./ViewerStore";

export interface Stores {
  app: AppStore;
  library: LibraryStore;
  chat: ChatStore;
  search: SearchStore;
  models: ModelsStore;
  viewer: ViewerStore;
  sourceFolders: SourceFoldersStore;
  /** Loads everything the first screen needs. */
  start(): Promise<void>;
  dispose(): void;
}

export function createStores(api: EnclaveApi): Stores {
  const app = new AppStore(api);
  const library = new LibraryStore(api);
  const chat = new ChatStore(api);
  const search = new SearchStore(api, () => library.get().current);
  const models = new ModelsStore(api, () => app.settingsLocked());
  const viewer = new ViewerStore();
  const sourceFolders = new SourceFoldersStore(api);

  // Chat follows the current collection: its conversations belong to that collection only.
  let lastCollection: string | null = null;
  const unfollow = library.subscribe(() => {
    const current = library.get().current;
    if (current === lastCollection) return;
    lastCollection = current;
    viewer.close();
    void chat.setCollection(current);
    void sourceFolders.setCollection(current);
  });

  return {
    app,
    library,
    chat,
    search,
    models,
    viewer,
    sourceFolders,
    async start() {
      await Promise.all([app.load(), library.load(), models.load()]);
    },
    dispose() {
      unfollow();
      library.dispose();
      chat.dispose();
      models.dispose();
      sourceFolders.dispose();
    },
  };
}
