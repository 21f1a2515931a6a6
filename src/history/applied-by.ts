import os from 'node:os';

/** Who applies a migration: the workflow run and commit in Actions, user@host elsewhere. */
export interface AppliedBy {
  actor: string;
  runUrl: string | null;
  commit: string | null;
}

export function appliedBy(env: NodeJS.ProcessEnv): AppliedBy {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY) {
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
    return {
      actor: env.GITHUB_ACTOR ? `${env.GITHUB_ACTOR} (GitHub Actions)` : 'GitHub Actions',
      runUrl: `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`,
      commit: env.GITHUB_SHA || null,
    };
  }
  let user = env.USER || env.USERNAME || 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (a container's arbitrary uid): keep the environment's name
  }
  return { actor: `${user}@${os.hostname()}`, runUrl: null, commit: null };
}
