import type { ImportedScript, ImportReport } from '@writersroom/screenplay';
import { request } from './client.js';
import type { CollaboratorRole } from './sharing.js';

/** A script as the REST API lists it (content omitted: the editor reads it over the socket). */
export interface Script {
  scriptId: string;
  ownerId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  /** Changes only when the document is replaced as a whole (an operator's clear, reseed or restore): PROTOCOL.md. */
  generation: number;
  /** The caller's role; absent where the caller is the owner (a script just created). */
  role?: ScriptRole;
  /** In the list only, and only for the caller's own scripts: who else has access. */
  sharedWith?: SharedWith[];
  /** In the list only: pages at the newest checkpoint of its history; null before the first. */
  pageCount?: number | null;
  /** In the list only: who has it open now, as the server process that answered knows. */
  present?: Array<{ name: string }>;
}

export type ScriptRole = 'owner' | CollaboratorRole;

/**
 * Whether a role may change a script's text, title or content: owners and
 * editors. Viewers and commenters only read it (the server refuses their
 * edits too); commenters also comment.
 */
export function canEditScript(role: ScriptRole | undefined): boolean {
  return role === undefined || role === 'owner' || role === 'editor';
}

/** One person a script is shared with; `pending` for an invitation to an email without an account yet. */
export interface SharedWith {
  email: string | null;
  displayName: string | null;
  role: CollaboratorRole;
  pending: boolean;
}

export async function listScripts(): Promise<Script[]> {
  return (await request<{ scripts: Script[] }>('GET', '/api/scripts')).scripts;
}

export async function getScript(scriptId: string): Promise<Script> {
  return (await request<{ script: Script }>('GET', `/api/scripts/${encodeURIComponent(scriptId)}`)).script;
}

export async function createScript(title: string): Promise<Script> {
  return (await request<{ script: Script }>('POST', '/api/scripts', { title })).script;
}

export async function renameScript(scriptId: string, title: string): Promise<Script> {
  return (await request<{ script: Script }>('PATCH', `/api/scripts/${encodeURIComponent(scriptId)}`, { title })).script;
}

/** Soft delete: the owner can restore it (POST /api/scripts/:id/restore). */
export async function deleteScript(scriptId: string): Promise<void> {
  await request<unknown>('DELETE', `/api/scripts/${encodeURIComponent(scriptId)}`);
}

/** The Trash: the caller's soft-deleted scripts. */
export async function listDeletedScripts(): Promise<Script[]> {
  return (await request<{ scripts: Script[] }>('GET', '/api/scripts?deleted=true')).scripts;
}

export async function restoreScript(scriptId: string): Promise<Script> {
  return (await request<{ script: Script }>('POST', `/api/scripts/${encodeURIComponent(scriptId)}/restore`)).script;
}

/** Owner only, from the Trash; the server exports the script to `exportFile` (in its deleted-scripts folder) first. */
export function deleteScriptForever(scriptId: string): Promise<{ scriptId: string; title: string; exportFile: string }> {
  return request('DELETE', `/api/scripts/${encodeURIComponent(scriptId)}/permanently`);
}

/** The format a file's name says it is in, for the server to read it as (it also reads the media type). */
function formatQuery(file: File): string {
  const extension = file.name.split('.').pop()?.toLowerCase();
  const format = extension === 'fdx' ? 'fdx' : extension === 'pdf' ? 'pdf' : extension === 'fountain' || extension === 'spmd' || extension === 'txt' ? 'fountain' : undefined;
  return format ? `?format=${format}` : '';
}

/** A new script of a Fountain, Final Draft or PDF file, and what the import changed on the way. */
export function createScriptFromFile(file: File): Promise<{ script: Script; report: ImportReport }> {
  return request('POST', `/api/scripts${formatQuery(file)}`, file);
}

/** A file read as a script by the server, storing nothing: for "Import into this script". */
export function readScriptFile(file: File): Promise<ImportedScript> {
  return request('POST', `/api/imports${formatQuery(file)}`, file);
}
