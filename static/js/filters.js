/* Filters for the timeline (progressive enhancement; no library).
 *
 * The form in _filters.html is hidden until this script runs; the links it replaces stay for readers
 * without JavaScript. Choosing a type, a place or a decade hides the other entries, and the year and
 * decade headings left empty; the status line (role="status") says how many events are shown. The
 * choices live in the query string (?type=exhibition&decade=2010), so a filtered view can be shared
 * and reloaded; values that name nothing are ignored.
 */
(() => {
  "use strict";
  const form = document.querySelector("[data-filters]");
  const timeline = document.querySelector(".timeline");
  if (!form || !timeline) return;
  const status = document.querySelector("[data-filter-status]");
  const browse = document.querySelector("[data-browse]");
  const names = ["type", "place", "decade"];
  const selects = names.map((name) => form.elements.namedItem(name));
  const entries = [...timeline.querySelectorAll("li.entry")];
  const sections = [...timeline.querySelectorAll("section.year, section.decade")].reverse(); // years first
  const yearLinks = [...document.querySelectorAll('.year-nav a[href^="#"]')];
  const messages = JSON.parse(form.dataset.messages);
  const plural = new Intl.PluralRules(document.documentElement.lang);

  const chosen = () => Object.fromEntries(selects.map((select) => [select.name, select.value]));

  const matches = (entry, wanted) =>
    (!wanted.type || entry.dataset.type === wanted.type) &&
    (!wanted.place || entry.dataset.places.split(" ").includes(wanted.place)) &&
    (!wanted.decade || entry.dataset.decade === wanted.decade);

  function describe(count) {
    if (count === 0) return form.dataset.none;
    return (messages[plural.select(count)] ?? messages.other).replace("{count}", count.toLocaleString());
  }

  function apply(announce) {
    const wanted = chosen();
    let shown = 0;
    for (const entry of entries) {
      entry.hidden = !matches(entry, wanted);
      shown += entry.hidden ? 0 : 1;
    }
    for (const section of sections) {
      section.hidden = !section.querySelector("li.entry:not([hidden])");
    }
    for (const link of yearLinks) {
      const heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      const section = heading && heading.closest("section");
      link.parentElement.hidden = Boolean(section && section.hidden);
    }
    const filtering = Object.values(wanted).some(Boolean);
    if (announce || filtering) status.textContent = describe(shown);
    return wanted;
  }

  function remember(wanted) {
    const query = new URLSearchParams();
    for (const name of names) if (wanted[name]) query.set(name, wanted[name]);
    const search = query.toString();
    history.replaceState(history.state, "", location.pathname + (search ? `?${search}` : "") + location.hash);
  }

  const requested = new URLSearchParams(location.search);
  for (const select of selects) {
    const value = requested.get(select.name) ?? "";
    select.value = [...select.options].some((option) => option.value === value) ? value : "";
  }
  form.addEventListener("change", () => remember(apply(true)));
  form.addEventListener("reset", () => setTimeout(() => remember(apply(true)))); // values reset after the event
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  if (browse) browse.hidden = true;
  remember(apply(false));
})();
