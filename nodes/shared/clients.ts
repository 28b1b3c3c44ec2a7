import { BoldClient } from './bold/client';
import { type ApiContext, type Connection, resolveConnection } from './http/connection';
import { ApiSession, DEFAULT_RETRY_SETTINGS, type RetrySettings } from './http/session';
import { SoftwareOneClient } from './softwareOne/client';

/** Everything one run (or poll, or list search) talks to the APIs with, made once at its start. */
export interface Clients {
	connection: Connection;
	session: ApiSession;
	softwareOne: SoftwareOneClient;
	bold: BoldClient;
}

/** The clients over one session: one pacer, one scrubber, one endpoint detection for the whole run. */
export function clientsFor(ctx: ApiContext, connection: Connection, retry: RetrySettings = DEFAULT_RETRY_SETTINGS): Clients {
	const session = new ApiSession(ctx, connection, retry);
	return { connection, session, softwareOne: new SoftwareOneClient(session), bold: new BoldClient(session) };
}

/** Reads the credential once and builds the clients on it. */
export async function openClients(ctx: ApiContext, retry?: RetrySettings): Promise<Clients> {
	return clientsFor(ctx, await resolveConnection(ctx), retry);
}
