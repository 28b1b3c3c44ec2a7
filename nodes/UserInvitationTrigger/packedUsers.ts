/**
 * The Active users of a state that keeps every user (User Removed or Groups Changed chosen), packed
 * into one string: pure, no I/O. State version 5 (watch.ts) keeps them this way because they are
 * nearly all of an account and their entries say little: an Active user's entry is only its group
 * fingerprint and `A` (changes.ts). As one JSON key and value each (`"AUSR-1234-5678":"7a1vlv#A",`)
 * an Active user costs about 28 bytes; packed, about 7 (docs/TRIGGER.md, "Watched users").
 *
 * The ids are sorted and front-coded: each entry starts with one base-36 digit, how many leading
 * characters it shares with the id before it (at most 35), then the rest of its id. The fingerprints
 * are listed once (`fingerprints`); an entry that uses another one than the entry before it ends in
 * `/` and the fingerprint's index in base 36 (`/` alone: groups unknown). Entries are joined by `,`.
 * Neither `,` nor `/` can be part of an id the state keeps (changes.ts `isWatchableId`), so nothing is
 * ambiguous: `AUSR-0000-0001,a2/1,a3` is three users, the first two in fingerprint 0, the third in 1.
 */

/** An Active user's kept entry: its group fingerprint (when known) and the code `A`. */
const ACTIVE_ENTRY = /^(?:([0-9a-z]{1,7})#)?A$/;
const MAX_SHARED = 35;

export interface PackedUsers {
	/** The packed entries; '' for none. */
	active: string;
	/** The group fingerprints the entries refer to, by index. */
	fingerprints: string[];
}

/** Whether an entry is an Active user's plain entry, which the packed form can hold. */
export const isPackable = (entry: string): boolean => ACTIVE_ENTRY.test(entry);

function sharedLength(a: string, b: string): number {
	let n = 0;
	while (n < MAX_SHARED && n < a.length && n < b.length && a[n] === b[n]) n++;
	return n;
}

/** Packs the Active users' entries (the caller passes only entries `isPackable` accepts). */
export function packUsers(entries: Array<[string, string]>): PackedUsers {
	const fingerprints: string[] = [];
	const indexOf = new Map<string, number>();
	const parts: string[] = [];
	let previousId = '';
	/** The fingerprint index of the entry before; -1: unknown groups (also before the first entry). */
	let previousRef = -1;
	for (const [id, entry] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
		const fingerprint = ACTIVE_ENTRY.exec(entry)?.[1];
		let ref = -1;
		if (fingerprint !== undefined) {
			ref = indexOf.get(fingerprint) ?? fingerprints.length;
			if (ref === fingerprints.length) {
				fingerprints.push(fingerprint);
				indexOf.set(fingerprint, ref);
			}
		}
		const shared = sharedLength(previousId, id);
		const refPart = ref === previousRef ? '' : `/${ref < 0 ? '' : ref.toString(36)}`;
		parts.push(`${shared.toString(36)}${id.slice(shared)}${refPart}`);
		previousId = id;
		previousRef = ref;
	}
	return { active: parts.join(','), fingerprints };
}

const PACKED_ENTRY = /^([0-9a-z])([A-Za-z0-9._:-]*)(?:\/([0-9a-z]*))?$/;

/** The entries back (id → `fingerprint#A` or `A`); undefined when the text is not one packUsers wrote. */
export function unpackUsers(packed: unknown, fingerprints: unknown): Array<[string, string]> | undefined {
	if (typeof packed !== 'string' || !Array.isArray(fingerprints)) return undefined;
	if (!fingerprints.every((fingerprint) => typeof fingerprint === 'string' && /^[0-9a-z]{1,7}$/.test(fingerprint))) return undefined;
	if (packed === '') return [];
	const entries: Array<[string, string]> = [];
	let previousId = '';
	let ref = -1;
	for (const part of packed.split(',')) {
		const match = PACKED_ENTRY.exec(part);
		if (!match) return undefined;
		const shared = parseInt(match[1], 36);
		if (shared > previousId.length) return undefined;
		const id = previousId.slice(0, shared) + match[2];
		if (id <= previousId) return undefined;
		if (match[3] !== undefined) ref = match[3] === '' ? -1 : parseInt(match[3], 36);
		if (ref >= fingerprints.length) return undefined;
		entries.push([id, ref < 0 ? 'A' : `${String(fingerprints[ref])}#A`]);
		previousId = id;
	}
	return entries;
}
