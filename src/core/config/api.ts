// Placeholder signatures; the engine implementation replaces the bodies.
import type { LaunchArgs, PostureSnapshot, Surface } from './types';

export interface ResolveOptions {
  readonly cwd: string;
  readonly codexHome: string;
  readonly launch?: LaunchArgs;
  readonly surface?: Surface;
  /** Where the system layer lives; Codex uses /etc/codex. */
  readonly systemDir?: string;
}
export declare function resolvePosture(opts: ResolveOptions): Promise<PostureSnapshot>;
