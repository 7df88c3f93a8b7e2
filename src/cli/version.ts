import pkg from '../../package.json';

/** The package version, for `--version`. */
export const version: string = pkg.version;
