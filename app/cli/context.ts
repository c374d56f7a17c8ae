import type { Channel, Request, Response } from '../api/channels';
import { bundledWorkerScript, ImportJobs } from '../api/importJobs';
import { Service } from '../api/service';
import { ApostilError } from '../core/errors';
import { Library } from '../core/library';
import { appLayout, resolveDatabasePath, type AppLayout } from '../core/paths';
import type { Values } from './args';
import type { CommandContext } from './command';
import { serveFetchPolicy } from './intake';

/** A command's context for one run; `close()` runs what the command deferred, then closes the library. */
export class CommandRun implements CommandContext {
  readonly layout: AppLayout;
  private lib: Library | undefined;
  private api: Service | undefined;
  private readonly cleanups: (() => unknown)[] = [];

  constructor(
    readonly command: string,
    readonly args: string[],
    readonly values: Values,
    readonly out: NodeJS.WritableStream,
    readonly err: NodeJS.WritableStream,
    readonly root: string,
  ) {
    this.layout = appLayout(root);
  }

  print(json: unknown, text: string): void {
    this.out.write(this.values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
  }

  library(): Library {
    this.lib ??= Library.open(resolveDatabasePath(this.values.db), this.layout.migrationsDir);
    return this.lib;
  }

  service(): Service {
    if (!this.api) {
      const library = this.library();
      const jobs = new ImportJobs({
        databaseFile: library.store.file,
        migrationsDir: this.layout.migrationsDir,
        // The CLI is one bundle (dist/cli/apostil.js), so its folder is this module's.
        workerScript: bundledWorkerScript(__dirname),
        fetchPolicy: serveFetchPolicy(this.values['allow-fetch']),
      });
      this.api = new Service(library, (e) => this.err.write(`apostil: internal error: ${(e as Error)?.message ?? String(e)}\n`), jobs);
    }
    return this.api;
  }

  call<C extends Channel>(channel: C, req: Request<C>): Response<C> {
    const result = this.service().call(channel, req);
    if (!result.ok) throw new ApostilError(result.error.code as never, result.error.message);
    return result.value as Response<C>;
  }

  defer(cleanup: () => unknown): void {
    this.cleanups.push(cleanup);
  }

  /** Runs the deferred clean-ups, latest first, then closes the library if it was opened. */
  async close(): Promise<void> {
    try {
      for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
    } finally {
      this.lib?.close();
      this.lib = undefined;
    }
  }
}
