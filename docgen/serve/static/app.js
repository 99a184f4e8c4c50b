// The build's live progress: poll the job while it runs, then reload to show its files.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("job");
  if (!box || !box.dataset.job) return;
  const log = box.querySelector(".log"), state = box.querySelector("p");
  const tick = async () => {
    let job;
    try { job = await (await fetch(box.dataset.job, { cache: "no-store" })).json(); }
    catch (e) { setTimeout(tick, 1000); return; }
    log.textContent = job.lines.join("\n");
    log.scrollTop = log.scrollHeight;
    state.textContent = job.done ? (job.ok ? "สร้างเสร็จแล้ว" : "สร้างไม่สำเร็จ") + ` (${job.seconds} วินาที)`
                     : job.waiting ? `รอคิว ลำดับที่ ${job.place || 1} (รอมาแล้ว ${job.waited} วินาที)`
                                   : `กำลังสร้าง… ${job.seconds} วินาที`;
    if (job.done) location.reload(); else setTimeout(tick, 500);
  };
  tick();
});

// A form keeps the clerk's place: after a list action, the item it left them at; after a
// refused save, the first field to fix. A removal asks first; leaving a changed form warns.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-focus]");
  if (!form) return;
  const target = (form.dataset.focus && document.getElementById(form.dataset.focus))
    || document.querySelector(".field.has-error");
  if (target) {
    target.scrollIntoView({ block: "center" });
    const input = target.querySelector("input:not([type=hidden]), select, textarea");
    (input || target).focus({ preventScroll: true });
  }
  let changed = false, sending = false;
  form.addEventListener("input", () => { changed = true; });
  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.classList.contains("danger") && !confirm("ลบรายการนี้? (กดบันทึกจึงจะลบจริง และยกเลิกได้จนกว่าจะบันทึก)")) {
      event.preventDefault();
      return;
    }
    sending = true;
  });
  const unsaved = form.querySelector("input[name=__undo]") || document.querySelector(".flash.warn[role=status]");
  window.addEventListener("beforeunload", (event) => {
    if (!sending && (changed || unsaved)) { event.preventDefault(); event.returnValue = ""; }
  });
});
