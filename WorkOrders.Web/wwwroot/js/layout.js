// The layout is drawn by the server and holds no circuit (docs/decisions/ADR-007-light-pages-and-circuits.md), so its
// menu button and the administration group open and close here. The choices last for the tab, across enhanced
// navigations, which redraw the layout as the server sent it.
(() => {
    const wide = matchMedia('(min-width: 1280px)');
    const keys = { drawer: 'workorders-drawer', group: 'workorders-admin-group' };

    // MudBlazor's responsive drawer: beside the page from the large breakpoint up, over it (with a scrim) below.
    function setDrawer(open) {
        const drawer = document.querySelector('[data-drawer]');
        if (!drawer) return;
        drawer.classList.remove('mud-drawer--initial');
        drawer.classList.toggle('mud-drawer--open', open);
        drawer.classList.toggle('mud-drawer--closed', !open);
        document.getElementById('layout')?.classList.toggle('mud-drawer-open-responsive-lg-left', open);
        const overlay = document.querySelector('[data-drawer-overlay]');
        if (overlay) overlay.hidden = !(open && !wide.matches);
        document.querySelector('[data-drawer-toggle]')?.setAttribute('aria-expanded', open ? 'true' : 'false');
    }

    // "--initial" with "--open" is MudBlazor's first state: beside the page when wide, hidden when narrow.
    function drawerShown() {
        const classes = document.querySelector('[data-drawer]')?.classList;
        if (!classes?.contains('mud-drawer--open')) return false;
        return wide.matches || !classes.contains('mud-drawer--initial');
    }

    function setGroup(open) {
        const toggle = document.querySelector('[data-group-toggle]');
        if (!toggle) return;
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
        toggle.classList.toggle('mud-expanded', open);
        toggle.querySelector('.mud-nav-link-expand-icon')?.classList.toggle('mud-transform', open);
        const group = document.getElementById(toggle.getAttribute('aria-controls'));
        if (group) group.hidden = !open;
    }

    // After every page the server draws: a narrow screen starts with the drawer closed, a wide one as the tab left it.
    function restore() {
        setDrawer(wide.matches && sessionStorage.getItem(keys.drawer) !== 'closed');
        setGroup(sessionStorage.getItem(keys.group) !== 'closed');
    }

    document.addEventListener('click', e => {
        if (!(e.target instanceof Element)) return;
        if (e.target.closest('[data-drawer-toggle]')) {
            const open = !drawerShown();
            if (wide.matches) sessionStorage.setItem(keys.drawer, open ? 'open' : 'closed');
            setDrawer(open);
        } else if (e.target.closest('[data-group-toggle]')) {
            const open = e.target.closest('[data-group-toggle]').getAttribute('aria-expanded') !== 'true';
            sessionStorage.setItem(keys.group, open ? 'open' : 'closed');
            setGroup(open);
        } else if (e.target.closest('[data-drawer-overlay]') || (!wide.matches && e.target.closest('[data-drawer] a'))) {
            setDrawer(false);
        }
    });
    document.addEventListener('keydown', e => {
        if (e.key === 'Escape' && !wide.matches && document.querySelector('[data-drawer]')?.classList.contains('mud-drawer--open')) setDrawer(false);
    });
    wide.addEventListener('change', restore);
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', restore); else restore();
    // blazor.web.js comes first in the page, so Blazor is there.
    window.Blazor?.addEventListener('enhancedload', restore);
})();
