// Progress pages: while an import or analysis runs in the background (database task
// backend and `manage.py db_worker`), poll its status and reload the page when it is done.
// Without JavaScript the "Check progress" link does the same.
const box = document.querySelector("[data-progress-url]");
if (box) {
  const url = box.getAttribute("data-progress-url");
  const text = box.querySelector("[data-progress-text]");
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const state = await response.json();
      if (state.done) {
        window.location.reload();
        return;
      }
      if (text) {
        text.textContent = `${state.label}: ${state.progress}%`;
      }
    } catch (error) {
      // keep the link; try again later
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
