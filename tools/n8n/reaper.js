'use strict';
// node reaper.js <parent pid> <process group id>
// Ends the process group (n8n and its task runner) when the parent dies without stopping it,
// so a crashed or killed test run leaves no n8n behind. Exits once the group is gone.
// Why hand-written: Node has no binding for Linux's prctl(PR_SET_PDEATHSIG), nor another way to say
// "end this process group when I die".

const { commandLine } = require('../cli');
const { killGroup } = require('./n8n');

const { positionals } = commandLine('usage: node tools/n8n/reaper.js <parent pid> <process group id>', {}, { allowPositionals: true });
const [parentPid, pgid] = positionals.map(Number);

function alive(pid, group = false) {
	try {
		process.kill(group ? -pid : pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => {
	/* Ctrl-C reaches the whole terminal group; the parent decides what to stop */
});

const timer = setInterval(() => {
	if (!alive(pgid, true)) process.exit(0);
	if (alive(parentPid)) return;
	clearInterval(timer);
	// TERM, then KILL after 10 s, as stop() would have done.
	killGroup(pgid).finally(() => process.exit(0));
}, 500);
