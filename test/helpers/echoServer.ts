import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy gone wrong, on 127.0.0.1: it answers every request with `status` and puts the request's
 * Authorization header into its reason phrase and its body.
 */
export interface EchoServer {
	url: string;
	status: number;
	close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
	const server = http.createServer((req, res) => {
		res.writeHead(echo.status, `Echo ${String(req.headers.authorization)}`, { 'content-type': 'text/plain' });
		res.end(`You sent ${String(req.headers.authorization)}`);
	});
	const echo: EchoServer = {
		url: '',
		status: 418,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	echo.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return echo;
}

/** A server on 127.0.0.1 that answers every request with `status` (and `location`, if given) and records what reached it. */
export interface RecordingServer {
	url: string;
	received: Array<{ method?: string; url?: string; authorization?: string }>;
	close(): Promise<void>;
}

export async function startRecordingServer(status: number, location?: string): Promise<RecordingServer> {
	const received: RecordingServer['received'] = [];
	const server = http.createServer((req, res) => {
		received.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
		req.resume();
		res.writeHead(status, { 'content-type': 'application/json', ...(location && { location }) });
		res.end(status < 300 ? '{"id":"AUSR-0000-0009"}' : '');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		received,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
