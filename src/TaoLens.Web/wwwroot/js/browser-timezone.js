// Fills the inputs marked data-browser-timezone (registration's digest timezone) with the browser's IANA timezone,
// on first load and after each enhanced navigation; the server checks the name and falls back to UTC.
(() => {
    const fill = () => {
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (!zone) {
            return;
        }
        for (const input of document.querySelectorAll('input[data-browser-timezone]')) {
            if (!input.value) {
                input.value = zone;
            }
        }
    };
    fill();
    window.Blazor?.addEventListener('enhancedload', fill);
})();
