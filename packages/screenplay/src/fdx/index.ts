export { parseFdx } from './parse-fdx.js';
export { writeFdx, type WriteFdxOptions } from './write-fdx.js';
