/**
 * Reasons the CLI gives `quarantineVersions`. They start with `writersroom `
 * so `diagnose` can tell rows an operator took out on purpose (a notice) from
 * rows the server quarantined because they were damaged (a problem).
 */
const OPERATOR_PREFIX = 'writersroom ';

export function clearedReason(exportFile: string): string {
  return `${OPERATOR_PREFIX}clear-yjs: cleared by an operator; every row exported to ${exportFile}`;
}

export function reseedReason(exportFile: string | undefined): string {
  const exported = exportFile ? `; exported to ${exportFile}` : '';
  return `${OPERATOR_PREFIX}reseed: replaced by a reseed from content_blocks${exported}`;
}

export function isOperatorReason(reason: string): boolean {
  return reason.startsWith(OPERATOR_PREFIX);
}
