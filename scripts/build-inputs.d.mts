// Types of build-inputs.mjs, for the tests that import it.
export declare const recordFile: (root: string) => string;
export declare function buildInputsDigest(root: string): string;
export declare function isBuilt(root: string): boolean;
export declare function record(root: string): void;
