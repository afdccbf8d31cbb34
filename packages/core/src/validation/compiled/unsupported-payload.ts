/** Thrown where a payload needs what only class-transformer or class-validator do; the caller falls back to them. */
export class UnsupportedPayload extends Error {}
