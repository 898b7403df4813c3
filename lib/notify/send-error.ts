// A channel's refusal in words an operator can act on; permanent ones are not retried, gone ones remove their target.
export class ChannelError extends Error {
  readonly isPermanent: boolean;
  readonly isGone: boolean;
  constructor(message: string, options: { isPermanent?: boolean; isGone?: boolean } = {}) {
    super(message);
    this.name = "ChannelError";
    this.isGone = options.isGone ?? false;
    this.isPermanent = options.isGone || (options.isPermanent ?? false);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.message && !error.message.includes(cause.message)
      ? `${error.message}: ${cause.message}`
      : error.message;
  }
  return String(error);
}
