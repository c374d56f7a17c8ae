import { resolve } from 'node:path';
import { warmCitations } from '../../core/cite/styles';
import { SyncHost } from '../../sync/background';
import { startWebHost } from '../../web/server';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { plainMessage } from '../run';

/**
 * `apostil serve`: the app and the api on http://127.0.0.1 with a per-launch token, with
 * scheduled backups and background sync, until SIGINT or SIGTERM.
 */
export const SERVE: CliCommand = {
  name: 'serve',
  section: 'main',
  usage: [
    '  serve [--port N]                   serve the app on http://127.0.0.1 with a token',
    {
      section: 'intake',
      text: `  serve [--allow-fetch HOST]...      let the web host fetch from HOST even though it is local or
                                     private (it fetches public http(s) addresses only otherwise)`,
    },
  ],
  options: ['port', 'allow-fetch'],
  async run(ctx) {
    if (ctx.args.length) throw new UsageError('serve takes no positional arguments.');
    const port = ctx.values.port === undefined ? 0 : Number(ctx.values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0–65535.');
    const library = ctx.library();
    const service = ctx.service();
    library.importSampleOnce(ctx.layout.sampleArticle);
    const stopBackups = library.startBackupSchedule((e) => ctx.err.write(`apostil: scheduled backup failed: ${plainMessage(e)}\n`));
    ctx.defer(stopBackups);
    const sync = new SyncHost(service, (e) => ctx.err.write(`apostil: sync: ${plainMessage(e)}\n`));
    sync.start();
    ctx.defer(() => sync.stop());
    warmCitations(library);
    const host = await startWebHost({ service, uiDir: resolve(ctx.root, 'dist', 'ui'), port });
    ctx.out.write(`Apostil web host (database ${library.store.file}): ${host.url}  — Ctrl+C to stop\n`);
    // Stopping: the host and any import job first; then (deferred) sync and the backup schedule, then the library closes.
    await new Promise<void>((done) => {
      const stop = () => void Promise.all([host.close(), service.jobs?.idle(true)]).then(() => done());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
