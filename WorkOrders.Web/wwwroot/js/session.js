// The tabs of one browser share its sign-in cookie: when one of them signs out, the others leave the
// organisation's data at once and show the sign-in page, instead of waiting for their next check.
(() => {
    if (!('BroadcastChannel' in window)) return;
    const channel = new BroadcastChannel('workorders-session');
    document.addEventListener('submit', e => {
        if (e.target instanceof HTMLFormElement && e.target.hasAttribute('data-sign-out')) channel.postMessage('signed-out');
    }, true);
    channel.addEventListener('message', e => {
        if (e.data !== 'signed-out') return;
        const back = location.pathname + location.search;
        location.replace('/Identity/Account/Login?reason=signed-out&ReturnUrl=' + encodeURIComponent(back));
    });
})();
