// The page carries both palettes as templates (App.razor); the dark-mode button swaps the drawn one without a round trip,
// so no circuit keeps a copy of the theme's CSS variables.
window.workOrdersTheme = {
    apply(dark) {
        const source = document.getElementById(dark ? 'theme-dark' : 'theme-light');
        if (!source) return;
        document.querySelectorAll('head > style.mud-theme-provider, head > style[data-theme]').forEach(s => s.remove());
        const copy = source.content.cloneNode(true);
        document.head.append(copy);
    }
};
