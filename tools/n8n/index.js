'use strict';
// Everything the end-to-end tests, the jest set-up and tools/demo/demo.js use (why hand-written: n8n.js).
// The tests read its types from this JavaScript (test/tsconfig.json: allowJs); the shapes below are what
// n8n and the API double answer with, which no code here builds, so nothing could infer them.

/** @typedef {any} Json */
/** @typedef {{ json: Record<string, Json>, pairedItem?: { item: number, input?: number } | Array<{ item: number }> }} Item */
/**
 * @typedef {{
 *   id: string, status: string, finished: boolean, mode: string, rawData: string,
 *   data: { resultData: {
 *     runData: Record<string, Array<{ data?: { main: Item[][] }, error?: Json, executionStatus?: string }>>,
 *     error?: Json, lastNodeExecuted?: string,
 *   } },
 * }} Execution
 */
/** @typedef {{ id: string, name: string, type: 'userInvitationBearerTokenApi' | 'userInvitationApiKeyApi', data?: Record<string, Json> }} CredentialRef */
/** @typedef {{ id: string, versionId: string, name: string, nodes: Json[] }} SavedWorkflow */
/** @typedef {{ status: number, data: Json, headers: Record<string, Json> }} WebhookAnswer */
/**
 * @typedef {{
 *   softwareOne: {
 *     users: Array<Record<string, Json>>, createsByEmail: Record<string, number>, postsByEmail: Record<string, number>,
 *     invitationEmailsByUser: Record<string, number>, duplicateCreates: number,
 *   },
 *   bold: {
 *     users: Array<Record<string, Json>>, emailsByUser: Record<string, number>, smsByUser: Record<string, number>,
 *     updatesByUser: Record<string, number>,
 *   },
 *   requests: Array<{ method: string, path: string, query?: string, status: number, at: string, fault?: string }>,
 *   rateLimited: number,
 * }} DoubleState
 */
/**
 * @typedef {{
 *   method?: string, path?: string, kind: 'status' | 'reset' | 'hang' | 'malformed' | 'latency', times?: number,
 *   status?: number, retryAfter?: number | string, delayMs?: number, afterProcessing?: boolean,
 * }} FaultRule
 */
/** @typedef {Awaited<ReturnType<typeof import('./n8n').startN8n>>} N8nServer */
/** @typedef {Awaited<ReturnType<typeof import('./stack').startStack>>} StartedStack */
/** @typedef {Omit<StartedStack, 'stop' | 'egressAttempts' | 'n8n'> & { n8n: Pick<N8nServer, 'baseUrl' | 'hostDir' | 'major' | 'logPath'> }} Stack */

module.exports = {
	...require('./n8n'),
	...require('./client'),
	...require('./double'),
	...require('./egress'),
	...require('./workflows'),
	...require('./stack'),
	...require('./cleanups'),
	...require('./jest-stack'),
};
