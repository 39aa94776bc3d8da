// Types of build-inputs.mjs, for the tests that import it.
export declare function isBuilt(root: string): boolean;
export declare function record(root: string): void;
