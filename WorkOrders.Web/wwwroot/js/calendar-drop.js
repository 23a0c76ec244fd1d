// Lets a card of the "ready to dispatch" tray be dropped on a calendar slot. Radzen's scheduler only moves its own
// appointments, so the page listens for the browser's drag events here and tells the server which card met which slot.
const type = "application/x-workorder";

export function attach(root, dotnet) {
    detach(root);
    const controller = new AbortController();
    const signal = controller.signal;
    root.woDrop = controller;
    const slotOf = e => e.target instanceof Element ? e.target.closest("[data-slot-start]") : null;
    let marked = null;
    const mark = slot => {
        if (marked === slot) return;
        marked?.classList.remove("slot-drop-target");
        marked = slot;
        marked?.classList.add("slot-drop-target");
    };

    document.addEventListener("dragstart", e => {
        const card = e.target instanceof Element ? e.target.closest("[data-drag-workorder]") : null;
        if (!card) return;
        e.dataTransfer.setData(type, card.dataset.dragWorkorder);
        e.dataTransfer.effectAllowed = "move";
    }, { signal });
    root.addEventListener("dragover", e => {
        const slot = slotOf(e);
        if (!slot || !e.dataTransfer.types.includes(type)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        mark(slot);
    }, { signal });
    root.addEventListener("dragleave", e => { if (!root.contains(e.relatedTarget)) mark(null); }, { signal });
    root.addEventListener("drop", e => {
        const slot = slotOf(e);
        const id = e.dataTransfer.getData(type);
        mark(null);
        if (!slot || !id) return;
        e.preventDefault();
        dotnet.invokeMethodAsync("DropAsync", Number(id), slot.dataset.slotStart, slot.dataset.slotEnd);
    }, { signal });
}

export function detach(root) {
    root?.woDrop?.abort();
}
