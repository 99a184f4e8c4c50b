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
                                 : `กำลังสร้าง… ${job.seconds} วินาที`;
    if (job.done) location.reload(); else setTimeout(tick, 500);
  };
  tick();
});
