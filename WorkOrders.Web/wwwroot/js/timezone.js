// The browser's IANA time zone, so the dispatch calendar can show the dispatcher's own clock.
export function zone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
}
