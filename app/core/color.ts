import { ApostilError } from './errors';

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** Fails unless `color` is null (no colour) or a colour like `#ffcc00`. */
export function checkColor(color: string | null): void {
  if (color !== null && !COLOR.test(color)) throw new ApostilError('invalid_request', `"${color}" is not a colour like #ffcc00.`);
}
