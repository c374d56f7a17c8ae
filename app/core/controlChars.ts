/**
 * The one rule for control characters, the same in the api, the CLI and every importer:
 * no string may hold a C0 control other than tab, line feed, carriage return and form
 * feed, nor DEL or a C1 control (U+0080–U+009F). They are refused, never stripped.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's purpose.
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/;

/** Where a control character was found: the path of the string holding it and the character's code. */
export interface ControlFound {
  path: string;
  code: number;
}

/** The first string in `value` (walked without recursion) that holds a control character, or null. */
export function findControl(value: unknown): ControlFound | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const m = CONTROL.exec(v);
      if (m) return { path, code: m[0].charCodeAt(0) };
    } else if (typeof v === 'object' && v !== null) {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (const [key, child] of entries) {
        if (CONTROL.test(key)) return { path: path ? `${path}.${key}` : key, code: CONTROL.exec(key)![0].charCodeAt(0) };
        stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return null;
}

/** How a found control character is named in messages: `U+0000 in comment`. */
export function describeControl(found: ControlFound): string {
  return `the control character U+${found.code.toString(16).toUpperCase().padStart(4, '0')}${found.path ? ` in ${found.path}` : ''}`;
}
