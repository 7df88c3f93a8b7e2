/** A deterministic PRNG (mulberry32): numbers in [0, 1). */
export declare function prng(seed: number): () => number;
