import { positiveInt, UsageError } from '../args';
import type { CliCommand } from '../command';
import { articleJson, articleLine } from '../output';

/** `apostil articles`: lists the library's articles. */
export const ARTICLES: CliCommand = {
  name: 'articles',
  section: 'main',
  usage: ['  articles                           list articles'],
  options: [],
  run(ctx) {
    const articles = ctx.call('articles:list', {}).articles.map(articleJson);
    ctx.print({ articles }, articles.length ? articles.map(articleLine).join('\n') : 'No articles yet. Import one with: apostil import FILE');
  },
};

/** `apostil tags`: lists tags with their paths and quote counts. */
export const TAGS: CliCommand = {
  name: 'tags',
  section: 'main',
  usage: ['  tags                               list tags with their paths and quote counts'],
  options: [],
  run(ctx) {
    if (ctx.args.length) throw new UsageError('tags takes no arguments.');
    const tags = ctx
      .call('tags:list', {})
      .tags.map((t) => ({ id: t.id, uuid: t.uuid, path: t.path, parentId: t.parentId, color: t.color, count: t.count, total: t.total }));
    ctx.print({ tags }, tags.length ? tags.map((t) => `#${t.id}  ${t.path}  (${t.total})`).join('\n') : 'No tags yet.');
  },
};

/** `apostil revisions ARTICLE_ID`: an article's revisions, oldest first. */
export const REVISIONS: CliCommand = {
  name: 'revisions',
  section: 'main',
  usage: ["  revisions ARTICLE_ID               list an article's revisions, oldest first"],
  options: [],
  run(ctx) {
    if (ctx.args.length !== 1) throw new UsageError('revisions needs exactly one ARTICLE_ID.');
    const { revisions } = ctx.call('revisions:list', { articleId: positiveInt(ctx.args[0], 'ARTICLE_ID') });
    ctx.print(
      { revisions },
      revisions.map((r) => `r${r.revision}${r.current ? ' (current)' : ''}  ${r.importedAt}  ${r.title}  (${r.chars} chars)`).join('\n'),
    );
  },
};
