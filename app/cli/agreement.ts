import { agreementCsv, type AgreementResult } from '../core/agreement';
import { lastOf, UsageError } from './args';
import type { CliCommand } from './command';
import { runCommand } from './run';

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

/** `apostil agreement --tag ROOT`: how the coders agree, per tag of ROOT's subtree. */
export const AGREEMENT: CliCommand = {
  name: 'agreement',
  section: 'agreement',
  usage: [
    `  agreement --tag ROOT [--article ID]... [--coder NAME]... [--csv]
                                     per tag of ROOT's subtree, how the coders (quote authors)
                                     agree, character by character over the compared articles:
                                     percent agreement, Cohen's kappa (two coders), Krippendorff's
                                     alpha (nominal); --json {"coders","articles","units","tags":
                                     [{"tag","agreement","kappa","alpha","coded"}]}; --csv the table`,
  ],
  options: ['tag', 'article', 'coder', 'csv'],
  run(ctx) {
    const { values, out } = ctx;
    const tag = lastOf(values.tag);
    if (ctx.args.length) throw new UsageError('agreement takes no positional arguments.');
    if (!tag) throw new UsageError('agreement needs --tag ROOT.');
    if (values.json && values.csv) throw new UsageError('agreement takes --json or --csv, not both.');
    const articleIds = values.article?.map((a) => {
      if (!/^[1-9]\d{0,15}$/.test(a)) throw new UsageError(`--article must be a positive whole number (got ${JSON.stringify(a)}).`);
      return Number(a);
    });
    const { agreement } = ctx.call('agreement:compute', { tag, ...(articleIds ? { articleIds } : {}), ...(values.coder ? { coders: values.coder } : {}) });
    if (values.csv) out.write(agreementCsv(agreement));
    else out.write(values.json ? `${JSON.stringify(agreement)}\n` : `${agreementText(agreement)}\n`);
  },
};

/** Runs `apostil agreement` as the CLI does; resolves to the exit status, or to undefined when `argv` is another command. */
export function runAgreementCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, root: string): Promise<number | undefined> {
  return runCommand([AGREEMENT], argv, { out, err, root });
}
