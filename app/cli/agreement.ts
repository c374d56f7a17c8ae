import { parseArgs } from 'node:util';
import { Service } from '../api/service';
import { agreementCsv, type AgreementResult } from '../core/agreement';
import { ApostilError } from '../core/errors';
import { Library } from '../core/library';
import { appLayout, resolveDatabasePath } from '../core/paths';

/** The `agreement` command's usage lines. */
export const AGREEMENT_USAGE = `Coding agreement:
  agreement --tag ROOT [--article ID]... [--coder NAME]... [--csv]
                                     per tag of ROOT's subtree, how the coders (quote authors)
                                     agree, character by character over the compared articles:
                                     percent agreement, Cohen's kappa (two coders), Krippendorff's
                                     alpha (nominal); --json {"coders","articles","units","tags":
                                     [{"tag","agreement","kappa","alpha","coded"}]}; --csv the table`;

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  tag: { type: 'string' },
  article: { type: 'string', multiple: true },
  coder: { type: 'string', multiple: true },
} as const;

/** A mistake in how the command was called (exit status 2). */
class UsageError extends Error {}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : v.toFixed(3);
}

/** The table for people: one line per tag. */
function agreementText(r: AgreementResult): string {
  const two = r.coders.length === 2;
  const head = `Coders: ${r.coders.join(', ')}; ${r.articles.length} article(s), ${r.units} characters compared.`;
  const lines = r.tags.map(
    (t) =>
      `${t.tag}  agreement ${t.agreement === null ? '—' : `${(t.agreement * 100).toFixed(1)}%`}${two ? `  kappa ${fmt(t.kappa)}` : ''}  alpha ${fmt(t.alpha)}`,
  );
  return [head, ...lines].join('\n');
}

/**
 * Runs `apostil agreement`; resolves to the exit status, or to undefined when `argv` is
 * some other command.
 */
export async function runAgreementCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, root: string): Promise<number | undefined> {
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--db') i++;
    else if (!argv[i]!.startsWith('-')) {
      command = argv[i];
      break;
    }
  }
  if (command !== 'agreement') return undefined;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    err.write(`apostil: ${(e as Error).message}\n\n${AGREEMENT_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(`${AGREEMENT_USAGE}\n`);
    return 0;
  }
  let library: Library | undefined;
  try {
    if (positionals.length > 1) throw new UsageError('agreement takes no positional arguments.');
    if (!values.tag) throw new UsageError('agreement needs --tag ROOT.');
    if (values.json && values.csv) throw new UsageError('agreement takes --json or --csv, not both.');
    const articleIds = values.article?.map((a) => {
      if (!/^[1-9]\d{0,15}$/.test(a)) throw new UsageError(`--article must be a positive whole number (got ${JSON.stringify(a)}).`);
      return Number(a);
    });
    library = Library.open(resolveDatabasePath(values.db), appLayout(root).migrationsDir);
    const service = new Service(library, (e) => err.write(`apostil: internal error: ${(e as Error)?.message ?? String(e)}\n`));
    const r = service.call('agreement:compute', { tag: values.tag, ...(articleIds ? { articleIds } : {}), ...(values.coder ? { coders: values.coder } : {}) });
    if (!r.ok) throw new ApostilError(r.error.code as never, r.error.message);
    const { agreement } = r.value as { agreement: AgreementResult };
    if (values.csv) out.write(agreementCsv(agreement));
    else out.write(values.json ? `${JSON.stringify(agreement)}\n` : `${agreementText(agreement)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`apostil: ${e.message}\nRun "apostil agreement --help" for usage.\n`);
      return 2;
    }
    err.write(`apostil: ${(e as Error).message}\n`);
    return 1;
  } finally {
    library?.close();
  }
}
