// kiosque serve: reloads the page when the site is rebuilt, refreshes
// stylesheets alone when only CSS changed, and shows build errors over
// the last good page. Added by `kiosque serve` only, never by `build`.
(() => {
  const overlayId = "kiosque-error-overlay";
  let seen = null;
  const show = (error) => {
    let overlay = document.getElementById(overlayId);
    if (!error) {
      if (overlay) overlay.remove();
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = overlayId;
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;" +
        "background:rgba(20,0,0,.92);color:#ffd7d7;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "kiosque: the site could not be rebuilt\n\n" + error;
  };
  const refreshStyles = () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("kiosque-reload", Date.now());
      link.href = url.toString();
    }
  };
  const source = new EventSource("/__kiosque/events");
  source.addEventListener("status", (event) => {
    const status = JSON.parse(event.data);
    if (seen !== null && status.generation !== seen && !status.error) {
      seen = status.generation;
      if (status.css_only) refreshStyles();
      else location.reload();
      return;
    }
    seen = status.generation;
    show(status.error);
  });
})();
