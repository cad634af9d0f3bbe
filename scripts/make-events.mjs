// Writes the sample API Gateway HTTP API (payload 2.0) events of scripts/events.mjs into events/:
// `node scripts/make-events.mjs`. Usable with `sam local invoke RegressionFunction -e events/rest-fit.json`
// (the predict events after a fit: scripts/sam-fit-then-predict.mjs) and by the tests.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { sampleEvents } from './events.mjs';

const events = sampleEvents();
// Events no longer generated go, so that events/ holds exactly these.
for (const file of readdirSync('events')) {
  if (file.endsWith('.json') && !(file.slice(0, -'.json'.length) in events)) rmSync(`events/${file}`);
}
for (const [name, event] of Object.entries(events)) {
  writeFileSync(`events/${name}.json`, `${JSON.stringify(event, null, 2)}\n`);
}
