// Real n8n, Chromium and the queue cluster: one step may take minutes. Jest 29 reads testTimeout
// only from the top-level config, so each slow project sets its own here (setupFilesAfterEnv).
jest.setTimeout(120_000);
