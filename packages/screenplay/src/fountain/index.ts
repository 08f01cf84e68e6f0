export { fountainOfBlocks, writeFountain } from './write-fountain.js';
