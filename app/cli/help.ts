import type { CliCommand, Section, SectionId } from './command';

/** The parts of the help text, in the order they are printed. */
export const SECTIONS: Record<SectionId, Section> = {
  main: { title: 'Commands:', hint: 'apostil --help', ownHelp: false },
  sync: { title: 'Sync and scripting commands:', hint: 'apostil sync --help', ownHelp: true },
  intake: { title: 'Web pages, addresses and PDFs:', hint: 'apostil --help', ownHelp: false },
  agreement: { title: 'Coding agreement:', hint: 'apostil agreement --help', ownHelp: true },
};

const HEAD = 'Usage: apostil [--db FILE] <command> [options] [--json]';

const FOOT = `Options:
  --db FILE    database file (default: $APOSTIL_DB, else the per-user data folder)
  --json       print JSON instead of text
  --help       show this help;  --version  show the version

Offsets (start, end) count Unicode code points.`;

/** One section of the help: its title and every paragraph the table's commands put in it, in table order; the main one with the usage line and options. */
export function sectionHelp(table: readonly CliCommand[], id: SectionId): string {
  const blocks = table.flatMap((c) => c.usage.flatMap((b) => (typeof b === 'string' ? (c.section === id ? [b] : []) : b.section === id ? [b.text] : [])));
  const body = `${SECTIONS[id].title}\n${blocks.join('\n')}`;
  return id === 'main' ? `${HEAD}\n\n${body}\n\n${FOOT}` : body;
}

/** The whole help: every section that has a command in `table`. */
export function fullHelp(table: readonly CliCommand[]): string {
  const used = (Object.keys(SECTIONS) as SectionId[]).filter((id) =>
    table.some((c) => c.section === id || c.usage.some((b) => typeof b !== 'string' && b.section === id)),
  );
  return used.map((id) => sectionHelp(table, id)).join('\n\n');
}

/** The help `apostil COMMAND --help` shows: its own section where that stands alone, else the whole help. */
export function commandHelp(table: readonly CliCommand[], command: CliCommand | undefined): string {
  return command && SECTIONS[command.section].ownHelp ? sectionHelp(table, command.section) : fullHelp(table);
}

/** The help printed after a command line that cannot be parsed: the command's section, else the main one. */
export function usageAfterMistake(table: readonly CliCommand[], command: CliCommand | undefined): string {
  return sectionHelp(table, command?.section ?? 'main');
}
