import { describe, expect, it } from 'vitest';
import { CloseCode } from '@writersroom/protocol';
import { WritersRoomError } from '../errors.js';
import { assertCurrentSchema, requestedGeneration, staleCopyError } from './upgrade-parameters.js';

const PATH = '/ws/scripts/0b6f1e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

describe('the generation a client names', () => {
  it('[SY26] is absent without the parameter, so stock clients are not checked', () => {
    for (const url of [undefined, PATH, `${PATH}?`, `${PATH}?token=dev:ann`]) expect(requestedGeneration(url)).toBeUndefined();
  });

  it('[SY26] is read as a non-negative integer next to the token', () => {
    expect(requestedGeneration(`${PATH}?token=dev:ann&generation=0`)).toBe(0);
    expect(requestedGeneration(`${PATH}?generation=17&token=dev:ann`)).toBe(17);
    expect(requestedGeneration(`${PATH}?generation=${Number.MAX_SAFE_INTEGER}`)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('[SY26] anything but one canonical non-negative integer is refused with 4400, not taken for a stale copy', () => {
    const values = ['', '-1', '1.5', '1e3', '01', '+1', ' 1', '0x1', 'abc', '9007199254740993', 'Infinity'];
    for (const value of values) {
      expect(() => requestedGeneration(`${PATH}?generation=${encodeURIComponent(value)}`), value).toThrow(
        expect.objectContaining({ code: 'WR_ERR_INVALID_REQUEST', closeCode: CloseCode.MalformedMessage }),
      );
    }
    expect(() => requestedGeneration(`${PATH}?generation=1&generation=1`)).toThrow(WritersRoomError);
  });
});

describe('a copy of another generation', () => {
  it('[SY26] is stale (4410) whether older or newer; the current generation or none is not', () => {
    expect(staleCopyError(undefined, 3)).toBeUndefined();
    expect(staleCopyError(3, 3)).toBeUndefined();
    for (const requested of [0, 2, 4]) {
      expect(staleCopyError(requested, 3)).toMatchObject({ code: 'WR_ERR_STALE_DOCUMENT', closeCode: CloseCode.StaleDocument, userError: true });
    }
  });
});

describe('the screenplay schema a client names', () => {
  it('[SY31] refuses a client built for an older schema with 4426, and lets the current one, a newer one and a stock client in', () => {
    // Fails if the comparison is turned around or dropped: an old editor would delete the elements it does not know.
    expect(() => assertCurrentSchema(`${PATH}?schema=1&token=dev:ann`, 2)).toThrow(
      expect.objectContaining({ code: 'WR_ERR_CLIENT_OUTDATED', closeCode: CloseCode.ClientOutdated }),
    );
    for (const url of [`${PATH}?schema=2`, `${PATH}?schema=3`, `${PATH}?token=dev:ann`, undefined]) expect(() => assertCurrentSchema(url, 2)).not.toThrow();
    expect(() => assertCurrentSchema(`${PATH}?schema=two`, 2)).toThrow(expect.objectContaining({ code: 'WR_ERR_INVALID_REQUEST' }));
  });
});
