// A node:test reporter for the checklist: one JSON line per finished test, with its file,
// name and outcome, for scripts/checklist.mjs to match against docs/security/checklist.md.
export default async function* checklistReporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details?.type === 'suite') continue;
    yield `${JSON.stringify({
      file: data.file ?? null,
      name: data.name,
      passed: event.type === 'test:pass' && !data.skip,
      skipped: Boolean(data.skip),
    })}\n`;
  }
}
