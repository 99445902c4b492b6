// Prints what the real codex says for each scenario (no engine involved).
//   node out/test/differential/printOracle.js [--only SUBSTR]... [--jobs N] [--crosscheck] [--json] [--evidence]
// --crosscheck also runs the exec+prompt-input composite for app-server scenarios and reports where
// it disagrees (this validates the path used for --profile scenarios).

import { findCodex, materialise, relativise, runOracle, type OracleAnswer } from './oracle';
import { mapLimit } from './proc';
import { SCENARIOS } from './scenarios';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only: string[] = [];
  let jobs = 2;
  let json = false;
  let evidence = false;
  let crosscheck = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') only.push(argv[++i]);
    else if (argv[i] === '--jobs') jobs = Number(argv[++i]);
    else if (argv[i] === '--json') json = true;
    else if (argv[i] === '--evidence') evidence = true;
    else if (argv[i] === '--crosscheck') crosscheck = true;
  }
  const list = SCENARIOS.filter((s) => only.length === 0 || only.some((o) => s.name.includes(o)));
  const codex = findCodex();
  const t0 = Date.now();
  const answers = await mapLimit(list, jobs, async (s) => {
    const m = await materialise(s);
    try {
      const a = await runOracle(s, m, { codex, compositeCrossCheck: crosscheck });
      return relativise(a, m.root);
    } catch (e) {
      return { scenario: s.name, error: (e as Error).stack } as unknown as OracleAnswer;
    } finally {
      await m.cleanup();
    }
  });
  const total = Date.now() - t0;
  if (json) {
    process.stdout.write(JSON.stringify(answers, null, 2) + '\n');
  } else {
    for (const a of answers) {
      const rec = a as OracleAnswer & { error?: string };
      if (rec.error) {
        console.log(`!! ${rec.scenario}: ${rec.error}`);
        continue;
      }
      const head = a.loads
        ? `sandbox=${a.sandbox} approval=${a.approval} reviewer=${a.approvalsReviewer} net=${a.networkAccess} web=${a.webSearch} profile=${a.permissionProfile} trusted=${a.trusted} roots=${JSON.stringify(a.writableRoots)}`
        : `LOAD ERROR ${a.loadError?.file ?? ''}:${a.loadError?.line ?? ''}:${a.loadError?.column ?? ''} ${a.loadError?.message}`;
      console.log(`${a.scenario} [${a.surface}/${a.source}, ${a.ms} ms]\n    ${head}`);
      if (Object.keys(a.unobserved).length) console.log(`    unobserved: ${JSON.stringify(a.unobserved)}`);
      if (Object.keys(a.crossCheck).length) console.log(`    prompt-input differs: ${JSON.stringify(a.crossCheck)}`);
      const cd = a.evidence.compositeDiff as Record<string, unknown> | undefined;
      if (cd && Object.keys(cd).length) console.log(`    composite differs: ${JSON.stringify(cd)}`);
      for (const n of a.notes) console.log(`    note: ${n}`);
      if (evidence) console.log(`    evidence: ${JSON.stringify(a.evidence)}`);
    }
  }
  console.error(`${list.length} scenarios, ${jobs} jobs, ${(total / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
