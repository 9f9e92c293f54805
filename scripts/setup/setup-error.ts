/** A refusal of `npm run setup` that the person running it can act on: printed alone, no stack trace. */
export class SetupError extends Error {
  override name = 'SetupError';
}
