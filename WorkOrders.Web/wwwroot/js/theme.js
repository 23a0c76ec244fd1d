// Remembers the user's light or dark choice for a year; the server reads it when it draws the next page.
export function remember(name, dark) {
    const secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${name}=${dark ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax${secure}`;
}
