/**
 * engine/library — what the user keeps besides documents: conversations (this file) and their
 * Markdown export. Layer: top row with audit (may use everything below; nothing below uses it).
 *
 * Conversations, one JSON file each under `<dataDir>/conversations/`, written atomically.
 * Each turn keeps its whole Answer, including the quoted text of every citation, so a
 * conversation still reads correctly after its documents change. A document deleted for real
 * takes its quotes with it (scrubDocuments; what stays is decided in scrubAnswer.ts).
 */
import type { ErrorCode } from "../../../shared/errorCodes";
import { randomBytes } from "node:crypto";
import { readFile, readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Conversation, ConversationSummary, ConversationTurn } from "../../../shared/types";
import { conversationMarkdown } from "./conversationMarkdown";
import { scrubAnswer } from "./scrubAnswer";
import { writeJsonAtomic } from "../support/writeJsonAtomic";
import { describeParseFailure, setAside } from "../support/setAside";
import { z } from "zod";

const ID_RE = /^[a-f0-9]{24}$/;
/** What writeJsonAtomic leaves when killed mid-write: `<id>.json.<hex>.tmp`. */
const TEMP_RE = /^([a-f0-9]{24})?.*\.tmp$/;
/**
 * What a conversation file must hold for the app to show it. Answers are checked down to what
 * the list, the view and scrubbing read; unknown fields are kept as written.
 */
const conversationSchema = z.looseObject({
  id: z.string().regex(ID_RE),
  collection: z.string(),
  title: z.string(),
  updatedAt: z.string(),
  turns: z.number().int().min(0),
  documents: z.array(z.string()).optional(),
  history: z.array(
    z.looseObject({
      question: z.string(),
      askedAt: z.string(),
      answer: z.looseObject({
        answer: z.string(),
        citations: z.array(z.looseObject({ documentId: z.string() })),
        sources: z.array(z.looseObject({ documentId: z.string() })),
      }),
    }),
  ),
});

export interface ConversationStoreOptions {
  /** Told when a damaged conversation file is set aside (`<id>.json.corrupt-<time>`). Default: ignored. */
  onSetAside?: (message: string) => void;
}

/** Longest title taken from the first question. */
const TITLE_CHARS = 80;

export class ConversationNotFoundError extends Error {
  override name = "ConversationNotFoundError";
  readonly code: ErrorCode = "CONVERSATION_NOT_FOUND";
  constructor(id: string) {
    super(`Conversation ${id} does not exist (it may have been deleted): start a new one.`);
  }
}

/** A title from the first question: its first line, shortened at a word boundary. */
export function titleFromQuestion(question: string): string {
  const line = question.trim().split("\n")[0]?.trim() ?? "";
  if (line.length <= TITLE_CHARS) return line;
  const cut = line.slice(0, TITLE_CHARS);
  const space = cut.lastIndexOf(" ");
  return `${(space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A conversation file that could not be read; it has been set aside (see ConversationStore). */
export class ConversationDamagedError extends Error {
  override name = "ConversationDamagedError";
  readonly code: ErrorCode = "CONVERSATION_DAMAGED";
  constructor(readonly detail: string) {
    super(detail);
  }
}

export class ConversationStore {
  readonly dir: string;
  /** One write at a time per conversation, so two quick turns never lose one. */
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(
    dataDir: string,
    private readonly options: ConversationStoreOptions = {},
  ) {
    this.dir = path.join(dataDir, "conversations");
  }

  #file(id: string): string {
    // Ids reach here from the renderer: only our own format may become a path.
    if (!ID_RE.test(id)) throw new ConversationNotFoundError(id);
    return path.join(this.dir, `${id}.json`);
  }

  async get(id: string): Promise<Conversation> {
    let raw: string;
    try {
      raw = await readFile(this.#file(id), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        throw new ConversationNotFoundError(id);
      throw error;
    }
    try {
      const value: unknown = JSON.parse(raw);
      // Checked down to the fields this app reads; the rest of each Answer is kept as written.
      const { id: inside } = conversationSchema.parse(value);
      if (inside !== id) throw new Error(`it holds conversation ${inside}, not ${id}`);
      // Files written before scopes existed have none: the whole collection.
      const conversation = value as Omit<Conversation, "documents"> & { documents?: string[] };
      return { ...conversation, documents: conversation.documents ?? [] };
    } catch (error) {
      // Torn or hand-edited: kept as evidence under another name, never overwritten by a new
      // turn, and named to the user; the other conversations are unaffected.
      const file = this.#file(id);
      const aside = await setAside(file);
      const message = `The conversation file ${file} could not be read (${describeParseFailure(error)}). It was set aside as ${path.basename(aside)}; the other conversations are unaffected.`;
      this.options.onSetAside?.(message);
      throw new ConversationDamagedError(message);
    }
  }

  /** The conversation, or null when its file was damaged and has just been set aside. */
  async #getReadable(id: string): Promise<Conversation | null> {
    try {
      return await this.get(id);
    } catch (error) {
      if (error instanceof ConversationDamagedError || error instanceof ConversationNotFoundError)
        return null;
      throw error;
    }
  }

  /**
   * Adds a turn to conversation `id`, or starts a new conversation in `collection` when `id` is
   * null. `documents`: the scope to store with it; undefined keeps the stored one (a new
   * conversation: the whole collection, []).
   */
  async appendTurn(
    id: string | null,
    collection: string,
    turn: ConversationTurn,
    documents?: readonly string[],
  ): Promise<Conversation> {
    const key = id ?? randomBytes(12).toString("hex");
    return this.#locked(key, async () => {
      const current: Conversation =
        id === null
          ? {
              id: key,
              collection,
              title: titleFromQuestion(turn.question),
              updatedAt: turn.askedAt,
              turns: 0,
              documents: [],
              history: [],
            }
          : await this.get(id);
      const next: Conversation = {
        ...current,
        documents: documents === undefined ? current.documents : [...documents],
        updatedAt: turn.askedAt,
        turns: current.turns + 1,
        history: [...current.history, turn],
      };
      await writeJsonAtomic(this.#file(key), next);
      return next;
    });
  }

  /** Summaries of the collection's conversations, most recent first. */
  async list(collection: string): Promise<ConversationSummary[]> {
    const all = await this.#readAll();
    return all
      .filter((c) => c.collection === collection)
      .map(({ id, collection: col, title, updatedAt, turns, documents }) => ({
        id,
        collection: col,
        title,
        updatedAt,
        turns,
        documents,
      }))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async delete(id: string): Promise<void> {
    await this.#locked(id, () => rm(this.#file(id), { force: true }));
  }

  /** Deletes every conversation of a collection (when the collection is deleted). Returns how many. */
  async deleteCollection(collection: string): Promise<number> {
    const doomed = (await this.#readAll()).filter((c) => c.collection === collection);
    for (const c of doomed) await this.delete(c.id);
    return doomed.length;
  }

  /** Moves conversations along with a renamed collection. */
  async renameCollection(from: string, to: string): Promise<void> {
    for (const c of (await this.#readAll()).filter((x) => x.collection === from)) {
      await this.#locked(c.id, () => writeJsonAtomic(this.#file(c.id), { ...c, collection: to }));
    }
  }

  /**
   * Replaces every quote of these documents in every conversation with "source removed",
   * keeping the turns; returns how many conversations changed. Also deletes temporary files that
   * a killed write left behind, which may hold quotes. Idempotent, so callers run it both before
   * a deletion (a kill midway then leaves no quotes) and after (a turn saved meanwhile).
   */
  async scrubDocuments(documentIds: readonly string[]): Promise<number> {
    if (documentIds.length === 0) return 0;
    const removed = new Set(documentIds);
    let changed = 0;
    for (const name of await this.#names()) {
      const temp = TEMP_RE.exec(name);
      if (temp !== null) {
        // Held under the conversation's lock, so a write in flight keeps its own file.
        await this.#locked(temp[1] ?? name, () => rm(path.join(this.dir, name), { force: true }));
        continue;
      }
      if (!name.endsWith(".json") || !ID_RE.test(name.slice(0, -5))) continue;
      const id = name.slice(0, -5);
      const scrubbed = await this.#locked(id, async () => {
        const current = await this.#getReadable(id);
        if (current === null) return false;
        let touched = false;
        const history = current.history.map((turn) => {
          const answer = scrubAnswer(turn.answer, removed);
          if (answer === null) return turn;
          touched = true;
          return { ...turn, answer };
        });
        if (touched) await writeJsonAtomic(this.#file(id), { ...current, history });
        return touched;
      });
      if (scrubbed) changed++;
    }
    return changed;
  }

  async exportMarkdown(id: string): Promise<string> {
    return conversationMarkdown(await this.get(id));
  }

  async #names(): Promise<string[]> {
    try {
      return await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  }

  async #readAll(): Promise<Conversation[]> {
    const ids = (await this.#names())
      .filter((n) => n.endsWith(".json"))
      .map((n) => n.slice(0, -5))
      .filter((n) => ID_RE.test(n));
    const all = await Promise.all(ids.map((i) => this.#getReadable(i)));
    return all.filter((c): c is Conversation => c !== null);
  }

  async #locked<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(id) ?? Promise.resolve();
    const run = previous.then(work, work);
    this.#locks.set(id, run);
    try {
      return await run;
    } finally {
      if (this.#locks.get(id) === run) this.#locks.delete(id);
    }
  }
}
