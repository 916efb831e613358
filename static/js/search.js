/* The search box in every page's header: Pagefind's own UI (PagefindUI), in the page's language.
 *
 * The box stays hidden without JavaScript and whenever the index cannot be loaded (a site built
 * without it, or opened from disk): nothing is shown and nothing throws. Pagefind picks its interface
 * language from <html lang> (Russian and English are built in); it has no Azerbaijani, so it is given
 * here. Results are the event and about pages, with their date shown under the title.
 *
 * Event pages end with their names written without diacritics, for matching only ("seki" finds Şəki;
 * search.py): Pagefind would show them in the excerpt ("… Medeniyyet Baki Naxcivan Gence Seki …").
 * Their count comes as the meta field "folded_words"; the excerpt is made again from the page's own
 * words, with the words those folded ones stand for marked, and with the no-break spaces the page's
 * typography set (after an initial, before a dash), which Pagefind drops: the meta field "kept_spaces"
 * lists the pairs of words they join.
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
    keyboard_navigate: "keç",
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

  // The words as search.py folds them: marks stripped (ş → s, ü → u, ё → е), and ə, ı, which have none.
  const fold = (word) => word.normalize("NFD").replace(/\p{M}/gu, "").replace(/[əƏ]/g, "e").replace(/ı/g, "i");
  const bare = (word) => fold(word).toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const EXCERPT_WORDS = 30; // Pagefind's default excerpt length

  // The pairs of words the page joins with a no-break space ("kept_spaces": percent-encoded JSON, views.py).
  function keptSpaces(value) {
    try {
      return new Set(JSON.parse(decodeURIComponent(value ?? "") || "[]").map(([a, b]) => `${a}\u0000${b}`));
    } catch {
      return new Set();
    }
  }

  // The excerpt is made again from the page's words, for every result: without the folded words, and with the
  // no-break spaces the page's typography set (Pagefind keeps only the words, so its own excerpt loses them).
  function withoutFoldedWords(result) {
    const { folded_words: count, kept_spaces: kept, ...meta } = result.meta;
    const shown = { ...result, meta };
    if (typeof result.content !== "string") return shown;
    const words = result.content.split(/[\r\n\s]+/g); // as Pagefind splits them, so its locations index them
    const together = keptSpaces(kept);
    const after = words.map((word, i) => (together.has(`${word}\u0000${words[i + 1]}`) ? "\u00a0" : " "));
    let end = words.length;
    while (end > 0 && words[end - 1] === "") end -= 1;
    const visible = Math.max(0, end - (Number(count) || 0));
    const matched = new Set();
    for (const at of result.locations ?? []) {
      if (at < visible) {
        matched.add(at);
        continue;
      }
      const target = bare(words[at] ?? "");
      for (let i = 0; i < visible; i += 1) if (target && bare(words[i]) === target) matched.add(i);
    }
    let start = 0;
    let best = -1;
    for (let from = 0; from < Math.max(1, visible - EXCERPT_WORDS + 1); from += 1) {
      let hits = 0;
      for (const at of matched) if (at >= from && at < from + EXCERPT_WORDS) hits += 1;
      if (hits > best) [best, start] = [hits, from];
    }
    const last = Math.min(visible, start + EXCERPT_WORDS);
    const excerpt = words.slice(start, last)
      .map((word, i) => (matched.has(start + i) ? `<mark>${escape(word)}</mark>` : escape(word))
        + (start + i < last - 1 ? after[start + i] : ""))
      .join("").trim();
    return { ...shown, excerpt };
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
      processResult: (result) => withLocalDate(withoutFoldedWords(result)),
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
