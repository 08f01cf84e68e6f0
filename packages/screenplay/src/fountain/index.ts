export { fountainOfBlocks, writeFountain, type WriteFountainOptions } from './write-fountain.js';
export { parseFountain } from './parse-fountain.js';
