import type { Channel, Request, Response } from '../../api/channels';

/** How the stores reach the api: `client.call` in the window, a fake in unit tests. */
export type Call = <C extends Channel>(channel: C, req: Request<C>) => Promise<Response<C>>;
