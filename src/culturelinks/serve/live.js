// culturelinks serve: reload this tab when the site is rebuilt; show build problems over the page.
(() => {
  "use strict";
  const stream = new EventSource("/__culturelinks__/events");
  let shownVersion = null;
  let overlay = null;

  function showProblems(problems) {
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.id = "culturelinks-problems";
      overlay.setAttribute("role", "alert");
      overlay.setAttribute("aria-label", "Build problems");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#fff;border-top:4px solid #e5484d;" +
        "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;";
      document.body.appendChild(overlay);
    }
    const heading = document.createElement("strong");
    heading.textContent = "The last edit broke the build; the page shows the last good site.\n\n";
    const list = document.createElement("div");
    for (const problem of problems) {
      const line = document.createElement("div");
      line.textContent = problem.headline + (problem.hint ? "\n    hint: " + problem.hint : "");
      list.appendChild(line);
    }
    overlay.replaceChildren(heading, list);
  }

  stream.onmessage = (message) => {
    const status = JSON.parse(message.data);
    if (shownVersion === null) {
      shownVersion = status.version;
      window.culturelinksLiveVersion = status.version;  // lets tests know the tab is listening
    }
    if (status.version !== shownVersion && status.problems.length === 0) {
      stream.close();
      location.reload();
      return;
    }
    if (status.problems.length) showProblems(status.problems);
    else if (overlay) { overlay.remove(); overlay = null; }
  };
})();
