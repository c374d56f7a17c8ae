import type { Response } from '../../api/channels';
import { call } from '../client';
import { Emitter } from '../model/emitter';

/** The styles on offer and the library's choice, as `styles:list` answers. */
export type StyleList = Response<'styles:list'>;

const changed = new Emitter<StyleList['chosen']>();
let list: Promise<StyleList> | undefined;

/** The styles, locales and choice, fetched once per window (and again after a change). */
export function styleList(): Promise<StyleList> {
  list ??= call('styles:list', {}).catch((err: unknown) => {
    list = undefined;
    throw err;
  });
  return list;
}

/** Drops the fetched list, so the next {@link styleList} asks again (after a style was added). */
export function forgetStyleList(): void {
  list = undefined;
}

/** Persists a style and locale choice and tells every listener (note embeds, bibliographies). */
export async function chooseStyle(style: string, locale: string | null): Promise<void> {
  const { chosen } = await call('styles:choose', { style, locale });
  list = undefined;
  changed.fire(chosen);
}

/** Calls `listener` after the user chose another style or locale; returns its disposable. */
export const onStyleChange = changed.event;
