/**
 * Watches source folders with @parcel/watcher, the native watcher VS Code uses: one recursive
 * subscription per folder (inotify, FSEvents, ReadDirectoryChangesW underneath), events batched
 * by the watcher itself, no polling and no JavaScript walk of the tree per change. An event says
 * only that something under the folder changed: the folder's next pass (reconcileFolder) finds
 * what, so a burst of events (a copied folder, a rename seen as delete + create) costs one pass.
 */
import type { AsyncSubscription } from "@parcel/watcher";

/** A subscription's stop. */
export type Unwatch = () => Promise<void>;

/**
 * Subscribes to changes under `folder`. `onChange` gets the changed paths; `onError` a failure
 * (the folder removed or unreadable). Ignores hidden files and Office lock files, as imports do.
 */
export async function watchFolder(
  folder: string,
  onChange: (paths: string[]) => void,
  onError: (error: Error) => void,
): Promise<Unwatch> {
  const watcher = await import("@parcel/watcher");
  const subscription: AsyncSubscription = await watcher.subscribe(
    folder,
    (error, events) => {
      if (error !== null) return onError(error);
      const paths = events.map((e) => e.path).filter((p) => !ignored(p, folder));
      if (paths.length > 0) onChange(paths);
    },
    { ignore: ["**/.*", "**/~$*"] },
  );
  return () => subscription.unsubscribe();
}

function ignored(file: string, folder: string): boolean {
  return file
    .slice(folder.length)
    .split(/[/\\]/)
    .some((part) => part.startsWith(".") || part.startsWith("~$"));
}
