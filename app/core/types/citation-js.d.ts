/** The parts of citation-js that Apostil uses (the packages ship no type declarations). */
declare module '@citation-js/core' {
  interface ChainOptions {
    forceType?: string;
    target?: string;
    generateGraph?: boolean;
  }
  /** citation-js's plugin registry: parsers, formatters and their configuration. */
  export const plugins: {
    input: { chain(input: unknown, options?: ChainOptions): Record<string, unknown>[] };
    output: { format(name: string, data: unknown[], ...options: unknown[]): string };
    config: { get(name: string): Record<string, Record<string, unknown>> };
  };
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
