/**
 * Errors that speak to the user. Every error the CLI can print is an {@link HbtError}: it says what was
 * wrong, where (file, row, field) and what to do, and carries the process exit code.
 *
 * - {@link UsageError} (exit 2): bad command line or configuration.
 * - {@link DataError} (exit 1): bad input data or a failure while running a stage.
 *
 * @example
 * throw new DataError('missing field "question"', { file: 'en.json', location: 'data[3].paragraphs[0].qas[2]',
 *   hint: 'every question needs a "question" string' });
 */
export interface ErrorWhere {
  /** The file the problem is in. */
  file?: string;
  /** Row, line, JSON path or field inside the file. */
  location?: string;
  /** What the user can do about it. */
  hint?: string;
}

export class HbtError extends Error {
  readonly exitCode: number;
  readonly where: ErrorWhere;
  /** The message without the place and the hint (to re-raise it as another kind, or with a hint). */
  readonly reason: string;
  constructor(message: string, exitCode: number, where: ErrorWhere = {}) {
    super(formatMessage(message, where));
    this.name = 'HbtError';
    this.exitCode = exitCode;
    this.where = where;
    this.reason = message;
  }
}

/** Usage or configuration error: exit code 2. */
export class UsageError extends HbtError {
  constructor(message: string, where: ErrorWhere = {}) {
    super(message, 2, where);
    this.name = 'UsageError';
  }
}

/** Data or runtime error: exit code 1. */
export class DataError extends HbtError {
  constructor(message: string, where: ErrorWhere = {}) {
    super(message, 1, where);
    this.name = 'DataError';
  }
}

function formatMessage(message: string, where: ErrorWhere): string {
  const at = [where.file, where.location].filter((s) => s !== undefined && s !== '').join(': ');
  const head = at ? `${at}: ${message}` : message;
  return where.hint ? `${head}\n  hint: ${where.hint}` : head;
}

/** The exit code for any thrown value: an HbtError's own, else 1. */
export function exitCodeOf(err: unknown): number {
  return err instanceof HbtError ? err.exitCode : 1;
}
