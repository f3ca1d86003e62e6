/** A failure the operator can act on; the CLI prints its message and exits non-zero without a stack. */
export class OpsError extends Error {
  constructor(
    readonly code: 'source_missing' | 'target_exists' | 'target_not_empty' | 'schema_mismatch' | 'verify_failed' | 'bad_arguments',
    message: string,
  ) {
    super(message);
  }
}
