// The calendar's one listener for its slots. The week grid's slots are plain shared markup with no Blazor handler
// (ADR-028): a click or tap on a slot, Enter or Space on the active slot, a Radzen appointment dropped on a slot and a
// card of the "ready to dispatch" tray dropped on any slot are all found here from the slot's data-slot-start/-end and
// reported to the server, which checks the slot is one the calendar drew. The arrow keys move between slots here
// without a server round trip (a roving tabindex inside the grid, which itself is the one tab stop).
const type = "application/x-workorder";
const gridSlot = "[data-slot-grid] [data-slot-start]";

export function attach(root, dotnet) {
    detach(root);
    const controller = new AbortController();
    const signal = controller.signal;
    root.woDrop = controller;
    const slotOf = (e, selector = "[data-slot-start]") => e.target instanceof Element ? e.target.closest(selector) : null;
    let marked = null;
    let moving = false;
    const mark = slot => {
        if (marked === slot) return;
        marked?.classList.remove("slot-drop-target");
        marked = slot;
        marked?.classList.add("slot-drop-target");
    };
    const report = (method, slot, ...first) =>
        dotnet.invokeMethodAsync(method, ...first, slot.dataset.slotStart, slot.dataset.slotEnd).catch(() => { });

    document.addEventListener("dragstart", e => {
        const card = e.target instanceof Element ? e.target.closest("[data-drag-workorder]") : null;
        if (!card) return;
        e.dataTransfer.setData(type, card.dataset.dragWorkorder);
        e.dataTransfer.effectAllowed = "move";
    }, { signal });
    // Radzen's appointments start their own drag (and tell the server which one moves); only the slot is ours to find.
    root.addEventListener("dragstart", e => { moving = e.target instanceof Element && !!e.target.closest(".rz-event"); }, { signal });
    root.addEventListener("dragend", () => { moving = false; mark(null); }, { signal });
    root.addEventListener("dragover", e => {
        const card = e.dataTransfer.types.includes(type);
        const slot = card ? slotOf(e) : moving ? slotOf(e, gridSlot) : null;
        if (!slot) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        mark(slot);
    }, { signal });
    root.addEventListener("dragleave", e => { if (!root.contains(e.relatedTarget)) mark(null); }, { signal });
    root.addEventListener("drop", e => {
        const id = e.dataTransfer.getData(type);
        const slot = id ? slotOf(e) : moving ? slotOf(e, gridSlot) : null;
        mark(null);
        if (!slot) return;
        e.preventDefault();
        if (id) report("DropAsync", slot, Number(id));
        else report("MoveToSlotAsync", slot);
        moving = false;
    }, { signal });

    // A click or a tap: only slots that are buttons (the calendar schedules from them) are reported.
    root.addEventListener("click", e => {
        const slot = slotOf(e, gridSlot);
        if (slot?.getAttribute("role") === "button") report("SelectSlotAsync", slot);
    }, { signal });

    // Keyboard: Tab reaches the grid once; focus goes to the slot last chosen (or the first), arrows move it.
    const columns = grid => [...grid.querySelectorAll(":scope > .rz-slots")].map(c => [...c.querySelectorAll(":scope > [data-slot-start]")]);
    const focusSlot = (grid, slot) => {
        if (!slot) return;
        grid.tabIndex = -1;
        root.woActive = { start: slot.dataset.slotStart };
        slot.focus();
    };
    root.addEventListener("focusin", e => {
        const grid = e.target instanceof Element && e.target.matches("[data-slot-grid]") ? e.target : null;
        if (!grid) return;
        const cols = columns(grid);
        const remembered = root.woActive && grid.querySelector(`[data-slot-start="${CSS.escape(root.woActive.start)}"]`);
        focusSlot(grid, remembered || cols[0]?.[0]);
    }, { signal });
    root.addEventListener("focusout", e => {
        const grid = e.target instanceof Element ? e.target.closest("[data-slot-grid]") : null;
        if (grid && !grid.contains(e.relatedTarget)) grid.tabIndex = 0;
    }, { signal });
    root.addEventListener("keydown", e => {
        const slot = slotOf(e, gridSlot);
        if (!slot || e.target !== slot || e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            if (slot.getAttribute("role") === "button") report("SelectSlotAsync", slot);
            return;
        }
        const grid = slot.closest("[data-slot-grid]");
        const cols = columns(grid);
        const col = cols.findIndex(c => c.includes(slot));
        const row = cols[col].indexOf(slot);
        const to = {
            ArrowUp: [col, row - 1], ArrowDown: [col, row + 1], ArrowLeft: [col - 1, row], ArrowRight: [col + 1, row],
            Home: [col, 0], End: [col, cols[col].length - 1],
        }[e.key];
        if (!to) return;
        e.preventDefault();
        const [c, r] = to;
        if (c >= 0 && c < cols.length && r >= 0 && r < cols[c].length) focusSlot(grid, cols[c][r]);
    }, { signal });
}

export function detach(root) {
    root?.woDrop?.abort();
}
