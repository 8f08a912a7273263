// Progress pages: while an import or analysis runs (evidence datasets and analyses, EDS
// report imports) in the background (database task backend and `manage.py db_worker`), poll its status and reload the page when it is done.
// Without JavaScript the "Check progress" link does the same.
// a11y: completion is announced in the live region before the reload, and after the reload
// focus moves to the page heading so a screen reader starts at the results.
const DONE_KEY = "dueregard-progress-done";
if (window.sessionStorage.getItem(DONE_KEY) === window.location.pathname) {
  window.sessionStorage.removeItem(DONE_KEY);
  const heading = document.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}
const box = document.querySelector("[data-progress-url]");
if (box) {
  const url = box.getAttribute("data-progress-url");
  const text = box.querySelector("[data-progress-text]");
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const state = await response.json();
      if (state.done) {
        if (text) {
          text.textContent = `${state.label}. ${box.getAttribute("data-done-text") || ""}`;
        }
        window.sessionStorage.setItem(DONE_KEY, window.location.pathname);
        window.setTimeout(() => window.location.reload(), 2500);
        return;
      }
      if (text) {
        const hasPercent = typeof state.progress === "number";
        text.textContent = hasPercent ? `${state.label}: ${state.progress}%` : state.label;
      }
    } catch (error) {
      // keep the link; try again later
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
