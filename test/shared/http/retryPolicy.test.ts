import {
	backoffDelay,
	classifyNetworkCode,
	classifyStatus,
	parseRetryAfter,
} from '../../../nodes/shared/http/retryPolicy';

describe('classifyStatus', () => {
	it.each([
		[429, 'notProcessed'],
		[503, 'notProcessed'],
		[502, 'ambiguous'],
		[504, 'ambiguous'],
		[500, 'final'],
		[400, 'final'],
		[401, 'final'],
		[403, 'final'],
		[404, 'final'],
		[409, 'final'],
	])('%i is %s', (status, kind) => {
		expect(classifyStatus(status)).toBe(kind);
	});
});

describe('classifyNetworkCode', () => {
	it.each([
		['ECONNREFUSED', 'notProcessed'],
		['ENOTFOUND', 'notProcessed'],
		['EAI_AGAIN', 'notProcessed'],
		['ECONNRESET', 'ambiguous'],
		['ETIMEDOUT', 'ambiguous'],
		['ECONNABORTED', 'ambiguous'],
		['UND_ERR_SOCKET', 'ambiguous'],
		// Node refuses these before a byte goes out: nothing was sent, and again would fail the same way.
		['ERR_INVALID_CHAR', 'notSent'],
		['ERR_INVALID_HTTP_TOKEN', 'notSent'],
		['ERR_HTTP_INVALID_HEADER_VALUE', 'notSent'],
		// The execution was stopped: never sent again.
		['ERR_CANCELED', 'cancelled'],
		['SOMETHING_NEW', 'ambiguous'],
		[undefined, 'ambiguous'],
	])('%s is %s', (code, kind) => {
		expect(classifyNetworkCode(code)).toBe(kind);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-03-01T12:00:00Z');

	it.each([
		['5', 5000],
		[' 2 ', 2000],
		['0', 0],
		['0.25', 250],
		[['3', '9'], 3000],
		['Sun, 01 Mar 2026 12:00:30 GMT', 30_000],
		['Sun, 01 Mar 2026 11:59:00 GMT', 0],
		['', undefined],
		[undefined, undefined],
		['soon', undefined],
		// Not delta-seconds and not an HTTP-date: Date.parse would read these as 1 May 2001.
		['-5', undefined],
		['.5', undefined],
		['-1', undefined],
		['5 ', 5000],
		['Sunday, 01-Mar-26 12:00:30 GMT', 30_000],
	])('%j → %s ms', (value, ms) => {
		expect(parseRetryAfter(value, now)).toBe(ms);
	});
});

describe('backoffDelay', () => {
	it('doubles its ceiling per attempt, caps it, and jitters in the upper half', () => {
		expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, 500, 60_000, () => 1))).toEqual([500, 1000, 2000, 4000]);
		expect([1, 2, 3].map((attempt) => backoffDelay(attempt, 500, 60_000, () => 0))).toEqual([250, 500, 1000]);
		expect(backoffDelay(20, 500, 3000, () => 1)).toBe(3000);
	});
});
