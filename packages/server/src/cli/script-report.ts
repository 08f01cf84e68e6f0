import { isDeepStrictEqual } from 'node:util';
import { describeUnstorableText } from '@writersroom/screenplay';
import type { CorruptionReason } from '../metrics.js';
import type { QuarantinedVersion, ScriptRecord, Storage, StoredVersion } from '../storage/storage.js';
import {
  inspectProjection,
  inspectRows,
  storedContent,
  type DocumentInspection,
  type ProjectionInspection,
  type StoredContent,
} from './inspect-document.js';
import { plural } from './output.js';
import { isOperatorReason } from './quarantine-reasons.js';

/** `problem` makes `diagnose` exit 1; a `notice` is reported but is not a problem. */
export type Severity = 'problem' | 'notice';

/** The server's corruption reasons (its metric labels) plus what only the report looks at. */
export type FindingCode =
  | CorruptionReason
  | 'rest_newer'
  | 'quarantined_rows'
  | 'content_without_yjs'
  | 'projection_unstorable'
  | 'projection_behind';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  details?: Record<string, unknown>;
}

/** The plan's §1.1 states, plus NO_YJS for a script without rows. */
export type Freshness = 'REST_NEWER' | 'YJS_CURRENT' | 'NO_YJS';

export interface ScriptReport {
  scriptId: string;
  title: string;
  deleted: boolean;
  state: Freshness;
  rows: number;
  baselines: number;
  bytes: number;
  firstUpdate: Date | null;
  lastUpdate: Date | null;
  restUpdatedAt: Date;
  /** The document generation (storage [ST36]): how many times the document was replaced as a whole. */
  generation: number;
  /** Number of stored content_blocks; null when never set. */
  contentBlocks: number | null;
  quarantined: number;
  findings: Finding[];
}

/**
 * Everything `diagnose` says about one script, from its row, its version log
 * and its quarantined rows. Reads only. A healthy script has no findings.
 */
export async function reportScript(
  storage: Pick<Storage, 'loadVersions'>,
  script: ScriptRecord,
  quarantined: readonly QuarantinedVersion[],
): Promise<ScriptReport> {
  const rows = await storage.loadVersions(script.scriptId);
  // Loops, not Math.max(...rows): a long log would overflow the argument list.
  let first = Infinity;
  let last = -Infinity;
  for (const row of rows) {
    first = Math.min(first, row.createdAt.getTime());
    last = Math.max(last, row.createdAt.getTime());
  }
  const lastUpdate = rows.length > 0 ? new Date(last) : null;
  const state: Freshness = lastUpdate === null ? 'NO_YJS' : script.updatedAt > lastUpdate ? 'REST_NEWER' : 'YJS_CURRENT';
  const stored = storedContent(script.contentBlocks);
  const rowsSinceContent = rows.filter((row) => row.createdAt > script.updatedAt).length;
  const findings = [
    ...contentFindings(stored, rows.length),
    ...documentFindings(rows, { stored, state, rowsSinceContent }),
    ...quarantineFindings(quarantined),
  ];
  return {
    scriptId: script.scriptId,
    title: script.title,
    deleted: script.deletedAt !== null,
    state,
    rows: rows.length,
    baselines: rows.filter((row) => row.kind === 'baseline').length,
    bytes: rows.reduce((sum, row) => sum + row.update.byteLength, 0),
    firstUpdate: rows.length > 0 ? new Date(first) : null,
    lastUpdate,
    restUpdatedAt: script.updatedAt,
    generation: script.generation,
    contentBlocks: script.contentBlocks === null ? null : script.contentBlocks.length,
    quarantined: quarantined.length,
    findings,
  };
}

function contentFindings(stored: StoredContent, rowCount: number): Finding[] {
  if (stored.kind === 'invalid') {
    return [
      {
        code: 'invalid_content_blocks',
        severity: 'problem',
        message: `content_blocks are not valid screenplay content (${stored.error}): the server can neither seed nor repair the script from them`,
        details: { error: stored.error },
      },
    ];
  }
  if (stored.kind === 'valid' && rowCount === 0) {
    return [
      {
        code: 'content_without_yjs',
        severity: 'notice',
        message: `${plural(stored.blocks.length, 'content block')} but no Yjs rows: the server seeds the document from them when the script is first opened`,
        details: { blocks: stored.blocks.length },
      },
    ];
  }
  return [];
}

/** What the document is compared with: the stored projection, its freshness, and rows written after it. */
interface StoredSide {
  stored: StoredContent;
  state: Freshness;
  /** Rows whose `created_at` is after `updated_at`: edits content_blocks may not reflect yet. */
  rowsSinceContent: number;
}

/**
 * The checks of the server's load path (openScriptDocument), read-only, plus
 * what its projector would do with the document: REST_NEWER with different
 * content, a projection that cannot be stored, content_blocks behind.
 */
function documentFindings(rows: readonly StoredVersion[], side: StoredSide): Finding[] {
  if (rows.length === 0) return [];
  const inspection = inspectRows(rows);
  try {
    return findingsOf(inspection, side);
  } finally {
    inspection.doc.destroy();
  }
}

function findingsOf(inspection: DocumentInspection, side: StoredSide): Finding[] {
  const { stored } = side;
  const findings: Finding[] = [];
  if (inspection.undecodable.length > 0) {
    const versionIds = inspection.undecodable.map((entry) => entry.row.versionId);
    findings.push({
      code: 'undecodable_row',
      severity: 'problem',
      message: `${plural(versionIds.length, 'row')} ${versionIds.length === 1 ? 'does' : 'do'} not decode as Yjs updates (version ids ${versionIds.join(', ')})`,
      details: { versionIds, errors: inspection.undecodable.map((entry) => entry.error) },
    });
  }
  if (inspection.pending) {
    const missing = inspection.missing.map(({ client, clock }) => `client ${client} from clock ${clock}`);
    findings.push({
      code: 'missing_predecessor',
      severity: 'problem',
      message: `rows depend on rows that are not stored (pending structs${missing.length > 0 ? `: ${missing.join(', ')}` : ''}): the document is partial`,
      details: { missing: inspection.missing },
    });
    // As on the server's load path: a partial document is not checked any further.
    return findings;
  }
  const blocks = stored.kind === 'valid' ? stored.blocks : [];
  if (inspection.legacy) {
    const detail = 'blocks' in inspection.legacy ? plural(inspection.legacy.blocks.length, 'block') : `unreadable: ${inspection.legacy.error}`;
    findings.push({
      code: 'legacy_content_array',
      severity: 'problem',
      message: `content is in the old backend's Y.Array('content') (${detail}), not in the editor's fragment`,
      details: 'blocks' in inspection.legacy ? { blocks: inspection.legacy.blocks.length } : { error: inspection.legacy.error },
    });
  } else if (inspection.fragmentNeverWritten && blocks.length > 0) {
    findings.push({
      code: 'empty_over_content',
      severity: 'problem',
      message: `the document is empty but content_blocks hold ${plural(blocks.length, 'block')} (the blank-document bug)`,
      details: { blocks: blocks.length },
    });
  } else {
    findings.push(...projectionFindings(inspectProjection(inspection.doc), side));
  }
  return findings;
}

/**
 * What the server's projector would do with a whole, readable document: a
 * projection it cannot store keeps failing on every edit, on either dialect
 * (storage [ST39], sync [SY29]); one that differs from content_blocks means
 * REST is newer (REST_NEWER) or content_blocks lag behind (YJS_CURRENT: the
 * server writes them PROJECTION_DELAY_MS after an edit, so a lag right after
 * one is expected, and only a notice).
 */
function projectionFindings(projection: ProjectionInspection, { stored, state, rowsSinceContent }: StoredSide): Finding[] {
  if (projection.kind === 'unreadable') {
    return [
      {
        code: 'projection_unstorable',
        severity: 'problem',
        message: `the document cannot be read as a screenplay (${projection.error}): the server cannot project it, so content_blocks stay as they are`,
        details: { reason: 'unreadable_document', error: projection.error },
      },
    ];
  }
  const findings: Finding[] = [];
  if (projection.kind === 'unstorable') {
    const { found } = projection;
    findings.push({
      code: 'projection_unstorable',
      severity: 'problem',
      message: `the document's projection cannot be stored: ${describeUnstorableText(found)} (text written before such text was refused); every projection of it fails, so content_blocks keep the last one stored`,
      details: { reason: 'unstorable_text', path: found.path, character: found.name, index: found.index },
    });
  }
  if (stored.kind === 'invalid') return findings;
  const blocks = stored.kind === 'valid' ? stored.blocks : [];
  if (isDeepStrictEqual(projection.blocks, blocks)) return findings;
  const counts = `${plural(blocks.length, 'block')} stored, ${projection.blocks.length} in the document`;
  const details = { storedBlocks: blocks.length, documentBlocks: projection.blocks.length, rowsSinceContent };
  if (state === 'REST_NEWER') {
    findings.push({
      code: 'rest_newer',
      severity: 'problem',
      message: `content_blocks changed after the last Yjs row and differ from the document (${counts}): the Yjs state may be stale`,
      details,
    });
  } else {
    findings.push({
      code: 'projection_behind',
      severity: 'notice',
      message: `content_blocks lag behind the document (${counts}; ${plural(rowsSinceContent, 'row')} written after them): ${
        projection.kind === 'unstorable'
          ? 'they stay so until the text above is gone'
          : 'the server writes them PROJECTION_DELAY_MS after an edit; a lag that stays means a server stopped before writing them, and the next edit writes them'
      }`,
      details,
    });
  }
  return findings;
}

function quarantineFindings(quarantined: readonly QuarantinedVersion[]): Finding[] {
  const byReason = new Map<string, QuarantinedVersion[]>();
  for (const row of quarantined) byReason.set(row.reason, [...(byReason.get(row.reason) ?? []), row]);
  return Array.from(byReason, ([reason, rows]) => {
    const operator = isOperatorReason(reason);
    const last = new Date(rows.reduce((latest, row) => Math.max(latest, row.quarantinedAt.getTime()), 0));
    return {
      code: 'quarantined_rows',
      severity: operator ? 'notice' : 'problem',
      message: `${plural(rows.length, 'row')} in quarantine${operator ? ' (taken out by an operator)' : ''}, last on ${last.toISOString()}: ${reason}`,
      details: { reason, versionIds: rows.map((row) => row.versionId), lastQuarantinedAt: last.toISOString() },
    } satisfies Finding;
  });
}
