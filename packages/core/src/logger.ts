/** A minimal logger stages receive in their context; the CLI prints to stderr. */
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  debug(msg: string): void;
}

export function createLogger(
  opts: { stream?: NodeJS.WritableStream; verbose?: boolean; quiet?: boolean } = {},
): Logger {
  const s = opts.stream ?? process.stderr;
  return {
    info: (m) => {
      if (!opts.quiet) s.write(`${m}\n`);
    },
    warn: (m) => s.write(`warning: ${m}\n`),
    debug: (m) => {
      if (opts.verbose) s.write(`debug: ${m}\n`);
    },
  };
}

/** A logger that keeps messages in memory (tests). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    debug: () => {},
  };
}
