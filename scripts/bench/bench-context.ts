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

/** What the whole run owns: options, tools, its temporary folders, the processes it may start. */
export interface BenchRun {
  options: BenchOptions;
  tools: Tools;
  /** This repository: where the district report and artifacts/ are. */
  projectRoot: string;
  workDir: string;
  /**
   * A folder in memory (under /dev/shm), removed with workDir, for output that must not wait
   * for the disk; undefined where the machine has none.
   */
  tmpfsDir: string | undefined;
  /** Where the articles' words come from: the corpus, or generated text when it is absent. */
  corpusDir: string | undefined;
  /** The district report, the first article of every archive. */
  seedFile: string | undefined;
  processes: ProcessGroups;
  /** A progress line on stderr; the report goes to stdout. */
  log(message: string): void;
}

/** What the parts that share one archive get: the run, that archive and its import. */
export interface BenchContext extends BenchRun {
  dataset: Dataset;
  /** Undefined when the import failed; the parts that need it say so. */
  importedSite: ImportedSite | undefined;
  /** A server's start on content/ alone until it serves every article, once `rebuild` ran. */
  coldStartMs: number | undefined;
}
