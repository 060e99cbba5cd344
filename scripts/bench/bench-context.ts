import type { BenchOptions } from './parse-bench-options.js';
import type { Tools } from './find-tools.js';
import type { Dataset } from './generate-dataset.js';
import type { ProcessGroups } from './create-process-groups.js';

/** The imported archive every later part starts from: content/ and data/ after one import. */
export interface ImportedSite {
  dir: string;
  /** Articles the site is expected to serve. */
  articles: number;
  importMs: number;
}

/** What every part gets: options, tools, the temporary folder, and the processes it may start. */
export interface BenchContext {
  options: BenchOptions;
  tools: Tools;
  /** This repository: where the district report and artifacts/ are. */
  projectRoot: string;
  workDir: string;
  processes: ProcessGroups;
  dataset: Dataset;
  /** Undefined when the import failed; the parts that need it say so. */
  importedSite: ImportedSite | undefined;
  /** A server's start on content/ alone until it serves every article, once `rebuild` ran. */
  coldStartMs: number | undefined;
  /** A progress line on stderr; the report goes to stdout. */
  log(message: string): void;
}
