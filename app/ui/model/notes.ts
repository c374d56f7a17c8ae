import type { Note, NoteSummary } from '../../core/model';
import type { Call } from './api';
import { Emitter } from './emitter';
import type { Disposable } from './lifecycle';

/** What changed among notes: the lists were reloaded, or one note was saved. */
export type NoteChange = { kind: 'reset' } | { kind: 'put'; note: NoteSummary };

/** The summary of a full note (what lists show). */
export function summary(note: Note | NoteSummary): NoteSummary {
  const { id, uuid, title, excerpt, createdAt, updatedAt, deletedAt } = note;
  return { id, uuid, title, excerpt, createdAt, updatedAt, deletedAt };
}

/** The notes, live (most recently edited first) and, once asked for, those in the trash; the one place the renderer keeps them. */
export class NoteStore implements Disposable {
  private live: NoteSummary[] = [];
  private trashed: NoteSummary[] | null = null;
  private readonly changes = new Emitter<NoteChange>();
  /** Fires after the notes were reloaded or one was saved. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly call: Call) {}

  /** The live notes. */
  get all(): readonly NoteSummary[] {
    return this.live;
  }

  /** The notes in the trash, once {@link loadTrash} has run (else empty). */
  get trash(): readonly NoteSummary[] {
    return this.trashed ?? [];
  }

  /** A live note by id. */
  get(id: number): NoteSummary | undefined {
    return this.live.find((n) => n.id === id);
  }

  /** Reloads the live notes, and the trashed ones when they were loaded before. */
  async load(): Promise<void> {
    const [live, trash] = await Promise.all([this.call('notes:list', {}), this.trashed ? this.call('notes:list', { state: 'trash' }) : Promise.resolve(null)]);
    this.live = live.notes;
    if (trash) this.trashed = trash.notes;
    this.changes.fire({ kind: 'reset' });
  }

  /** Loads the notes in the trash (the Trash view asks when it is shown). */
  async loadTrash(): Promise<readonly NoteSummary[]> {
    this.trashed = (await this.call('notes:list', { state: 'trash' })).notes;
    this.changes.fire({ kind: 'reset' });
    return this.trashed;
  }

  /** Records a note as a save answered it: it moves to the top of the live notes. */
  put(note: Note | NoteSummary): void {
    const s = summary(note);
    if (s.deletedAt) return this.remove(s);
    this.live = [s, ...this.live.filter((n) => n.id !== s.id)];
    if (this.trashed) this.trashed = this.trashed.filter((n) => n.id !== s.id);
    this.changes.fire({ kind: 'put', note: s });
  }

  private remove(s: NoteSummary): void {
    this.live = this.live.filter((n) => n.id !== s.id);
    if (this.trashed) this.trashed = [s, ...this.trashed.filter((n) => n.id !== s.id)];
    this.changes.fire({ kind: 'reset' });
  }

  dispose(): void {
    this.changes.dispose();
  }
}
