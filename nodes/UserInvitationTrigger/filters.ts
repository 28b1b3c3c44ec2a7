import type { IDataObject } from 'n8n-workflow';

/** Which users the trigger reports on; pure, no I/O. Every user is still kept in the state. */
export interface UserFilters {
	/** Only users in this group (SoftwareOne user group ID). */
	groupId?: string;
	/** Only users whose e-mail matches; compiled from a pattern with * and ? wildcards. */
	email?: RegExp;
}

/** `*@example.com` → a case-insensitive regular expression for the whole address. */
export function emailPattern(pattern: string): RegExp {
	const source = pattern
		.split('')
		.map((char) => {
			if (char === '*') return '.*';
			if (char === '?') return '.';
			return char.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
		})
		.join('');
	return new RegExp(`^${source}$`, 'i');
}

export function matchesFilters(accountUser: IDataObject, filters: UserFilters): boolean {
	if (filters.groupId !== undefined) {
		const groups = Array.isArray(accountUser.groups) ? (accountUser.groups as unknown[]) : [];
		const ids = groups.map((group) =>
			group && typeof group === 'object' ? (group as IDataObject).id : group,
		);
		if (!ids.includes(filters.groupId)) return false;
	}
	if (filters.email !== undefined) {
		const email = (accountUser.user as IDataObject | undefined)?.email;
		if (typeof email !== 'string' || !filters.email.test(email.trim())) return false;
	}
	return true;
}
