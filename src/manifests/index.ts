/**
 * The manifests layer: Kubernetes YAML and the kubesim Scenario → validated, defaulted model objects
 * (ClusterInput), with every problem reported as a Diagnostic carrying file:line:col and a path.
 *
 *   files ──► YAML documents (positions kept) ──► kind dispatch ──► zod validation ──► conversion with
 *   Kubernetes defaulting ──► cross-object admission (Priority, selectors, Scenario references)
 */
export { type Diagnostic, formatDiagnostic } from './diagnostics.js';
// The public API of the layer; everything else in src/manifests is internal.
export { MAX_FILE_BYTES } from './files.js';
export { DEFAULT_LIMITS, type SizeLimits } from './limits.js';
export { type LoadOptions, type LoadResult, loadFiles, loadText } from './load.js';
