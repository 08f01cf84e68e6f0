export { fountainOfBlocks, writeFountain } from './write-fountain.js';
export { parseFountain } from './parse-fountain.js';
