// The page carries both palettes as templates (App.razor); the dark-mode button swaps the drawn one in place, so no
// circuit keeps a copy of the theme's CSS variables.
window.workOrdersTheme = {
    apply(dark) {
        const chosen = document.getElementById(dark ? 'theme-dark' : 'theme-light')?.content.querySelector('style.mud-theme-provider');
        const drawn = document.querySelector('head > style.mud-theme-provider');
        if (chosen && drawn) drawn.textContent = chosen.textContent;
    }
};
