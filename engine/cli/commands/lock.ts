/**
 * `codicil lock`: record newly published versions in versions.lock.
 */
import { join } from 'node:path';
import { ruleKinds } from '../../rules/registry.ts';
import { errors } from '../../errors/catalogue.ts';
import { loadPolicy } from '../../model/load-policy.ts';
import { WriteFailed } from '../../io/write.ts';
import { updateLock } from '../../model/lock.ts';
import { defineCommand } from '../define.ts';
import { policyOption } from '../options.ts';

export default defineCommand({
  name: 'lock',
  summary: 'record new published versions in versions.lock',
  usage: 'lock [--policy DIR]',
  options: [policyOption],
  details: 'Exit codes: 0 locked (or nothing to lock), 2 the policy has errors, or a lock file cannot be written (it is then unchanged).',
  async run(values, _positionals, io) {
    const policy = values.policy;
    const { policy: model, failed, files } = await loadPolicy(policy, ruleKinds);
    // Locking must not bless an edited published text: only lock-related
    // problems (unlocked versions, missing lock) may be outstanding.
    const blocking = files.flatMap((f) => f.messages).filter((m) => m.fatal && m.ruleId !== errors.publishedUnlocked.code && m.ruleId !== errors.lockMissing.code);
    if (failed && blocking.length > 0) {
      io.stderr(`codicil lock: the policy has errors; run \`codicil lint\` and fix them first.\n`);
      return 2;
    }
    // Each document has its own lock, in its own folder.
    const locked: string[] = [];
    for (const document of model.documents) {
      let added: string[];
      try {
        added = await updateLock(join(policy, document.document), document.document, document.versions);
      } catch (error) {
        if (!(error instanceof WriteFailed)) throw error;
        // What was locked before stays locked; this lock is as it was.
        io.stdout(locked.join(''));
        io.stderr(`codicil lock: cannot write ${error.path}: ${error.reason}; it is as it was: nothing was locked in it.\n`);
        return 2;
      }
      if (added.length > 0) locked.push(`Locked ${added.join(', ')} in ${join(policy, document.document, 'versions.lock')}.\n`);
    }
    io.stdout(locked.length > 0 ? locked.join('') : 'Nothing to lock: every published version is locked.\n');
    return 0;
  },
});
