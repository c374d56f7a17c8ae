import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../app/api/serving';

describe('one source for shared facts', () => {
  it('the page’s own CSP meta is the policy both shells send (frame-ancestors only works as a header)', () => {
    const html = readFileSync('app/ui/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const sent = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(meta?.split('; ')).toEqual(sent);
  });

  it('the desktop bridge is declared once (app/api/bridge.ts); preload and the renderer only import it', () => {
    for (const file of ['electron/preload.ts', 'electron/events.ts', 'app/ui/client.ts']) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/interface ApostilBridge|type AppEvent =|interface SaveFile/);
      expect(text, file).toMatch(/from '\.\.\/(app\/)?api\/bridge'/);
    }
  });
});
