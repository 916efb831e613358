/* The search box in every page's header: Pagefind's own UI (PagefindUI), in the page's language.
 *
 * The box stays hidden without JavaScript and whenever the index cannot be loaded (a site built
 * without it, or opened from disk): nothing is shown and nothing throws. Pagefind picks its interface
 * language from <html lang> (Russian and English are built in); it has no Azerbaijani, so it is given
 * here. Results are the event and about pages, with their date shown under the title.
 */
(() => {
  "use strict";
  const box = document.querySelector("[data-search]");
  if (!box) return;
  const bundle = box.dataset.bundle;

  // Pagefind's interface strings, in Azerbaijani (the keys of Pagefind's translations/en.json).
  const AZERBAIJANI = {
    placeholder: "Axtarış",
    clear_search: "Təmizlə",
    load_more: "Daha çox nəticə göstər",
    search_label: "Saytda axtarış",
    filters_label: "Filtrlər",
    zero_results: "[SEARCH_TERM] üzrə nəticə tapılmadı",
    many_results: "[SEARCH_TERM] üzrə [COUNT] nəticə",
    one_result: "[SEARCH_TERM] üzrə [COUNT] nəticə",
    total_zero_results: "Nəticə yoxdur",
    total_one_result: "[COUNT] nəticə",
    total_many_results: "[COUNT] nəticə",
    alt_search: "[SEARCH_TERM] üzrə nəticə tapılmadı. Əvəzində [DIFFERENT_TERM] üzrə nəticələr göstərilir",
    search_suggestion: "[SEARCH_TERM] üzrə nəticə tapılmadı. Bu axtarışlardan birini yoxlayın:",
    searching: "[SEARCH_TERM] axtarılır...",
    results_label: "Axtarış nəticələri",
    keyboard_navigate: "keçid",
    keyboard_select: "seç",
    keyboard_clear: "təmizlə",
    keyboard_close: "bağla",
    keyboard_search: "axtar",
    error_search: "Axtarış alınmadı",
    filter_selected_one: "[COUNT] seçilib",
    filter_selected_many: "[COUNT] seçilib",
    input_hint: "Nəticələr yazdıqca görünəcək",
    loading: "Yüklənir",
  };
  const TRANSLATIONS = { az: AZERBAIJANI };

  // Pagefind shows every meta field as "Key: value"; the date is stored as "date" and shown under its
  // name in the page's language.
  const dateLabel = box.dataset.dateLabel;
  function withLocalDate(result) {
    const { date, ...meta } = result.meta;
    return date ? { ...result, meta: { ...meta, [dateLabel]: date } } : result;
  }

  function start() {
    if (typeof window.PagefindUI !== "function") return;
    const ui = box.querySelector("[data-search-ui]");
    new window.PagefindUI({
      element: ui,
      bundlePath: bundle,
      baseUrl: box.dataset.baseUrl,
      showImages: false,
      showSubResults: false,
      translations: TRANSLATIONS[document.documentElement.lang] ?? {},
      processResult: withLocalDate,
    });
    const input = ui.querySelector("input");
    if (input) {
      input.id = "site-search-input";
      box.querySelector("label").htmlFor = input.id; // the visible label names the box (base.html)
    }
    box.hidden = false;
  }

  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = `${bundle}pagefind-ui.css`;
  const script = document.createElement("script");
  script.src = `${bundle}pagefind-ui.js`;
  script.addEventListener("load", () => {
    document.head.append(style);
    start();
  });
  document.head.append(script);
})();
