/**
 * The name a writer goes by in presence (the list of who is in a script, the
 * flag on their caret): the display name, else the email. The server stamps
 * it on every awareness state it relays, so it cannot be forged; the web
 * client shows the same for its own writer.
 */
export function presenceName(writer: { displayName: string | null; email: string | null }): string {
  return writer.displayName ?? writer.email ?? 'A writer';
}
