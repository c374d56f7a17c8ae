import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OPTIONS, type OptionName } from '../../app/cli/args';
import type { CliCommand } from '../../app/cli/command';
import { COMMANDS } from '../../app/cli/commands';
import { fullHelp } from '../../app/cli/help';
import { runCommand } from '../../app/cli/run';
import { tempDir } from './helpers';

/** Runs `apostil ARGV` in this process against `table` (the whole CLI unless told), collecting what it prints. */
async function run(argv: string[], table: readonly CliCommand[] = COMMANDS): Promise<{ status: number | undefined; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await runCommand(table, argv, { out, err, root: resolve('.') }, '9.9.9-test');
  return { status, stdout, stderr };
}

/** A line of a stack trace, as Node prints them. */
const STACK_LINE = /\n\s+at /;

/** A table of one command whose handler throws `error`. */
function failing(error: unknown): CliCommand[] {
  return [
    {
      name: 'explode',
      section: 'main',
      usage: ['  explode                            fail on purpose'],
      options: [],
      run() {
        throw error;
      },
    },
  ];
}

/** An error as Node's file system raises it. */
function fsError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('the CLI command table', () => {
  it('names each command once, and every option a command takes is a known option', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of COMMANDS) {
      for (const o of c.options) expect(Object.keys(OPTIONS), `${c.name} --${o}`).toContain(o);
      expect(c.usage.length, c.name).toBeGreaterThan(0);
    }
  });

  it('lists every command of the table in the help, each paragraph starting with the command as typed', async () => {
    const help = await run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toBe(`${fullHelp(COMMANDS)}\n`);
    for (const c of COMMANDS) {
      expect(help.stdout, c.name).toMatch(new RegExp(`^  ${c.name.replace(/-/g, '\\-')}( |$)`, 'm'));
      for (const block of c.usage) {
        const text = typeof block === 'string' ? block : block.text;
        expect(text.startsWith(`  ${c.name}`), text).toBe(true);
        expect(help.stdout).toContain(text);
      }
    }
    // The sections that stand alone answer `COMMAND --help` with their own part.
    const sync = await run(['sync', '--help']);
    expect(sync.status).toBe(0);
    expect(sync.stdout).toMatch(/^Sync and scripting commands:\n/);
    expect(sync.stdout).toContain('  rename-tag OLD NEW');
    expect(sync.stdout).not.toContain('Commands:');
    expect((await run(['agreement', '--help'])).stdout).toMatch(/^Coding agreement:\n {2}agreement --tag ROOT/);
    expect((await run(['import', '--help'])).stdout).toBe(help.stdout);
  });

  it('prints the help on stderr with exit status 2 when no command is given, and the version with --version', async () => {
    const none = await run([]);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage: apostil [--db FILE] <command>');
    expect(await run(['--version'])).toEqual({ status: 0, stdout: '9.9.9-test\n', stderr: '' });
  });

  it('answers an unknown command with a clear message, the usage and exit status 2, without a stack trace or a library', async () => {
    const dir = tempDir();
    const db = join(dir, 'never.db');
    const r = await run(['--db', db, 'frobnicate', '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^apostil: unknown command "frobnicate"\.\n\nUsage: apostil /);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(db)).toBe(false);
  });

  it('refuses, for every command, an option it does not take (exit status 2) before opening the library', async () => {
    const dir = tempDir();
    const db = join(dir, 'never.db');
    for (const c of COMMANDS) {
      const foreign = (Object.keys(OPTIONS) as OptionName[]).find((o) => !c.options.includes(o) && !['db', 'json', 'help', 'version'].includes(o))!;
      const value = OPTIONS[foreign].type === 'string' ? ['x'] : [];
      const r = await run(['--db', db, c.name, `--${foreign}`, ...value]);
      expect(r.status, c.name).toBe(2);
      expect(r.stderr, c.name).toBe(`apostil: ${c.name} does not take --${foreign}.\n`);
    }
    const unknown = await run(['--db', db, 'articles', '--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^apostil: Unknown option '--bogus'/);
    expect(unknown.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(db)).toBe(false);
  });

  it('points a usage mistake at the help of its section (exit status 2)', async () => {
    const dir = tempDir();
    const db = join(dir, 'never.db');
    const main = await run(['--db', db, 'search']);
    expect(main).toMatchObject({ status: 2, stdout: '' });
    expect(main.stderr).toBe('apostil: search needs a QUERY (quote it when it has spaces).\nRun "apostil --help" for usage.\n');
    const sync = await run(['--db', db, 'sync-server', 'revoke', '--data', dir, '--token-id', 'nope']);
    expect(sync.status).toBe(2);
    expect(sync.stderr).toMatch(/\nRun "apostil sync --help" for usage\.\n$/);
    const agreement = await run(['--db', db, 'agreement']);
    expect(agreement.status).toBe(2);
    expect(agreement.stderr).toBe('apostil: agreement needs --tag ROOT.\nRun "apostil agreement --help" for usage.\n');
  });

  it('turns every failure of a handler into one plain line and exit status 1: disk full and read-only as the app words them, anything else without its stack', async () => {
    const full = await run(['explode'], failing(fsError('ENOSPC', 'ENOSPC: no space left on device, write')));
    expect(full.status).toBe(1);
    expect(full.stderr).toMatch(/^apostil: .*(disk|space)/i);
    expect(full.stderr).not.toContain('ENOSPC');
    const sqliteFull = await run(['explode'], failing(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })));
    expect(sqliteFull.stderr).toBe(full.stderr);
    const readOnly = await run(['explode'], failing(fsError('EROFS', 'EROFS: read-only file system, open')));
    expect(readOnly.status).toBe(1);
    expect(readOnly.stderr).toMatch(/^apostil: .*read-only/i);
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const odd = await run(['explode'], failing(bug));
    expect(odd.status).toBe(1);
    expect(odd.stderr).toBe("apostil: unexpected error: Cannot read properties of undefined (reading 'x')\n");
    expect(bug.stack).toMatch(STACK_LINE);
    const thrownString = await run(['explode'], failing('just a string'));
    expect(thrownString).toEqual({ status: 1, stdout: '', stderr: 'apostil: unexpected error: just a string\n' });
    for (const r of [full, sqliteFull, readOnly, odd]) {
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
  });

  it('leaves a command that is not in a partial table to its caller', async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    expect(await runCommand(failing(new Error('not run')), ['articles'], { out, err, root: resolve('.') })).toBeUndefined();
  });
});
