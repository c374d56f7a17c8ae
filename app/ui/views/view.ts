import type { Catalog } from '../catalog';
import type { Disposable } from '../model/lifecycle';
import type { Model } from '../model/root';
import type { QuoteActions } from '../panels/quoteCard';

/** The views of the centre pane that are not an article or a note. */
export type Section = 'quotes' | 'tags' | 'trash' | 'agreement' | 'activity';

/** What the centre pane shows: an article, a note, or one of the sections (All quotes, perhaps filtered by a tag). */
export type Place =
  { kind: 'article'; id: number } | { kind: 'note'; id: number } | { kind: 'quotes'; tag?: string } | { kind: 'tags' | 'trash' | 'agreement' | 'activity' };

/** The contract every view of the centre pane follows: its element, showing a place, and letting go of everything it holds. */
export interface View extends Disposable {
  /** The view's root element; the app shows and hides it. */
  readonly el: HTMLElement;
  /** Shows `place` (loading what it needs); the view is visible when this is called. */
  show(place: Place): Promise<void>;
  /** The view is about to be hidden: save what is pending. */
  leave?(): Promise<void>;
  /** The window title's name for what the view shows. */
  title(): string;
}

/** What views get from the app: the model, the catalog over it, what quote cards do, and routing. */
export interface ViewContext {
  model: Model;
  catalog: Catalog;
  actions: QuoteActions;
  /** Shows another place. */
  go(place: Place): Promise<void>;
}
