'use strict';
// Everything the end-to-end tests, the jest set-up and tools/demo/demo.js use. Types: index.d.ts.

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
