// Session expiry warning (WCAG 2.2.1): before the session ends for lack of activity, a
// dialog says so and offers "Stay signed in", which extends it without leaving the page.
// Activity in another tab counts: the server's remaining time is checked before warning.
const dialog = document.getElementById("session-timeout");
if (dialog) {
  const idle = Number(dialog.dataset.idleSeconds);
  const warning = Math.min(Number(dialog.dataset.warningSeconds), idle);
  const countdown = dialog.querySelector("[data-countdown]");
  const extendForm = dialog.querySelector("[data-extend]").form;
  let timer = null;
  let deadline = Date.now() + idle * 1000;

  const words = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return minutes === 1 ? "1 minute" : `${minutes} minutes`;
    }
    return seconds === 1 ? "1 second" : `${seconds} seconds`;
  };

  const schedule = (secondsLeft) => {
    clearTimeout(timer);
    deadline = Date.now() + secondsLeft * 1000;
    timer = setTimeout(check, Math.max(0, (secondsLeft - warning) * 1000));
  };

  const tick = () => {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    countdown.textContent = words(left);
    if (left <= 0) {
      window.location.assign(`${dialog.dataset.signInUrl}?next=${encodeURIComponent(window.location.pathname)}`);
      return;
    }
    timer = setTimeout(tick, left > 60 ? 15000 : 1000);
  };

  async function check() {
    try {
      const response = await fetch(dialog.dataset.statusUrl, { credentials: "same-origin" });
      const status = await response.json();
      if (!status.signed_in) {
        window.location.assign(dialog.dataset.signInUrl);
        return;
      }
      if (status.seconds_left > warning + 1) {
        schedule(status.seconds_left);
        return;
      }
      deadline = Date.now() + status.seconds_left * 1000;
    } catch {
      // Offline: warn on the page's own clock.
    }
    if (!dialog.open) dialog.showModal();
    tick();
  }

  extendForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(extendForm.action, {
      method: "POST",
      body: new FormData(extendForm),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const status = await response.json();
    dialog.close();
    schedule(status.seconds_left);
  });

  schedule(idle);
}
