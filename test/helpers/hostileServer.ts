import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

/**
 * Servers on 127.0.0.1 that answer the way a hostile or broken API would: a body dripped byte by
 * byte, headers dripped, a gzip bomb, an endless body. Each records when the client closed its
 * connection, so a test can tell that the node really hung up and did not just stop waiting.
 */
export interface HostileServer {
	url: string;
	/** ms after the first request arrived that the client closed each connection. */
	closedAfterMs: number[];
	requests: number;
	close(): Promise<void>;
}

export type Hostility =
	| { kind: 'dripBody'; everyMs: number }
	| { kind: 'dripHeaders'; everyMs: number }
	| { kind: 'gzipBomb'; inflatedBytes: number }
	| { kind: 'endless' };

export async function startHostileServer(hostility: Hostility): Promise<HostileServer> {
	let firstAt = 0;
	const state: HostileServer = { url: '', closedAfterMs: [], requests: 0, close: async () => {} };
	const timers = new Set<NodeJS.Timeout>();
	const sockets = new Set<net.Socket>();
	const track = (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => {
			sockets.delete(socket);
			state.closedAfterMs.push(Date.now() - firstAt);
		});
	};
	const every = (ms: number, tick: () => boolean) => {
		const timer = setInterval(() => {
			if (!tick()) {
				clearInterval(timer);
				timers.delete(timer);
			}
		}, ms);
		timers.add(timer);
	};

	let server: net.Server;
	if (hostility.kind === 'dripHeaders') {
		server = net.createServer((socket) => {
			track(socket);
			socket.once('data', () => {
				state.requests++;
				firstAt ||= Date.now();
				const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: ' + 'a'.repeat(2000);
				let sent = 0;
				every(hostility.everyMs, () => {
					if (socket.destroyed || sent >= head.length) return false;
					socket.write(head[sent++]);
					return true;
				});
			});
			socket.on('error', () => undefined);
		});
	} else {
		const bomb =
			hostility.kind === 'gzipBomb' ? zlib.gzipSync(Buffer.alloc(hostility.inflatedBytes, 0x20)) : undefined;
		server = http.createServer((req, res) => {
			state.requests++;
			firstAt ||= Date.now();
			req.resume();
			if (hostility.kind === 'gzipBomb') {
				res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
				res.end(bomb);
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			if (hostility.kind === 'dripBody') {
				res.write('{');
				every(hostility.everyMs, () => {
					if (res.destroyed) return false;
					res.write(' ');
					return true;
				});
				return;
			}
			// endless: 64 KB chunks as fast as the client reads them, until it hangs up.
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			const pump = () => {
				while (!res.destroyed && res.write(chunk));
			};
			res.on('drain', pump);
			pump();
		});
		server.on('connection', track);
	}
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	state.close = async () => {
		for (const timer of timers) clearInterval(timer);
		for (const socket of sockets) socket.destroy();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return state;
}
