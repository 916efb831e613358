// Reads citation files back with citation.js, a citation library independent of the Python that wrote
// them (tests/site/test_citations.py). Input (stdin): a JSON list of file paths. Output: a JSON list of
// what citation.js read from each: {path, count, title, issued, URL, language, version, error}.
const fs = require('fs');
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-ris');
require('@citation-js/plugin-csl');

const FORMATS = { bib: '@biblatex/text', ris: '@ris/file', json: '@csl/list+object' };
const paths = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = paths.map((path) => {
  const text = fs.readFileSync(path, 'utf8');
  const extension = path.split('.').pop();
  try {
    const input = extension === 'json' ? JSON.parse(text) : text;
    const data = new Cite(input, { forceType: FORMATS[extension] }).data;
    const item = data[0] || {};
    return { path, count: data.length, title: item.title, issued: item.issued, URL: item.URL,
             language: item.language, version: item.version, type: item.type };
  } catch (error) {
    return { path, error: String(error && error.message || error) };
  }
});
process.stdout.write(JSON.stringify(out));
