// Start the NHS.UK frontend components on every page (header menu, error summary focus,
// character count, skip link, tables, ...). A static module, not an inline script, so a
// strict Content-Security-Policy (script-src 'self') allows it.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

// The layout's inline "js-enabled" line is blocked under a strict CSP; set the same classes
// here so the components' isSupported() check passes either way.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
