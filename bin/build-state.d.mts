export declare const DIST_DIR: string;
export declare const STAMP_FILE: string;
/** True when dist/ was built after the last change to any source file or build setting. */
export declare function buildIsCurrent(root: string): boolean;
