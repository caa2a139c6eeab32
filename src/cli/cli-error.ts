/** A failure the CLI reports as one plain line and a non-zero exit, without a stack. */
export class CliError extends Error {
  override name = 'CliError';
}
