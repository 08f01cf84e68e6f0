import { describe, expect, it } from 'vitest';
import type { Role } from '../storage/storage.js';
import { atLeast, canComment, canEdit, holdersOf } from './roles.js';

const ranked: Role[] = ['viewer', 'commenter', 'editor', 'owner'];

describe('roles', () => {
  it('rank viewer < commenter < editor < owner, and each grants what the ones below it grant', () => {
    for (const [i, role] of ranked.entries()) {
      for (const [j, required] of ranked.entries()) expect(atLeast(role, required), `${role} ≥ ${required}`).toBe(i >= j);
    }
  });

  it('lets commenters comment but not edit; editors and owners do both; viewers neither', () => {
    expect(ranked.map((role) => [role, canComment(role), canEdit(role)])).toEqual([
      ['viewer', false, false],
      ['commenter', true, false],
      ['editor', true, true],
      ['owner', true, true],
    ]);
  });

  it('names who may act for every minimum, so "Only … can …" reads right', () => {
    // Breakage tried: the former `an ${minimum}` gave "Only an commenter can …" and "Only an viewer can …".
    expect(ranked.map((role) => `Only ${holdersOf(role)} can add comments.`)).toEqual([
      'Only a collaborator can add comments.',
      'Only a commenter or editor can add comments.',
      'Only an editor can add comments.',
      'Only the owner can add comments.',
    ]);
  });
});
