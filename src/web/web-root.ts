/**
 * Where the storefront's static files live: the package's `web/` folder. This module sits at
 * `src/web/` when run from source (tests, through tsx) and at `dist/web/` once compiled, so two
 * levels up is the package root either way.
 */
import { fileURLToPath } from 'node:url';

/** Absolute path of the package's `web/` folder. */
export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

/** Absolute path of the assets served under `/assets/` (stylesheet and ES modules). */
export const ASSETS_ROOT = fileURLToPath(new URL('../../web/assets/', import.meta.url));
